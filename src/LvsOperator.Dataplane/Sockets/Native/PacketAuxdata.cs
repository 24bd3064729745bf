using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LvsOperator.Dataplane.Sockets.Native;

/// <summary>
/// struct tpacket_auxdata { u32 tp_status, tp_len, tp_snaplen; u16 tp_mac, tp_net, tp_vlan_tci, tp_vlan_tpid; }: what
/// a socket with PACKET_AUXDATA gets with every frame as a control message. recvmmsg's only way to learn of an
/// 802.1Q tag: the kernel takes it off the frame before any packet socket sees it (the ring has the same fields in its
/// frame header).
/// </summary>
internal static unsafe class PacketAuxdata
{
    public const int Size = 20;

    /// <summary>CMSG_SPACE(sizeof(struct tpacket_auxdata)) on a 64-bit kernel: the 16-byte cmsghdr, then 20 bytes padded to 24.</summary>
    public const int ControlSpace = 40;

    private const int ControlHeaderSize = 16;
    private const int StatusOffset = 0;
    private const int VlanTciOffset = 16;

    /// <summary>
    /// Reads tp_status and tp_vlan_tci from a received message's control data. The socket enables no other control
    /// message, so the auxdata, when there, is the first; false when it is missing (or was truncated).
    /// </summary>
    public static bool TryRead(msghdr* message, out uint status, out ushort vlanTci)
    {
        var control = (cmsghdr*)message->msg_control;
        if (control == null
            || (ulong)message->msg_controllen < ControlHeaderSize + Size
            || control->cmsg_level != SOL_PACKET
            || control->cmsg_type != PACKET_AUXDATA)
        {
            status = 0;
            vlanTci = 0;
            return false;
        }

        var data = (byte*)control + ControlHeaderSize;
        status = *(uint*)(data + StatusOffset);
        vlanTci = *(ushort*)(data + VlanTciOffset);
        return true;
    }
}
