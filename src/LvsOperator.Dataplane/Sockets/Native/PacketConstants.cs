namespace LvsOperator.Dataplane.Sockets.Native;

/// <summary>
/// Values from linux/if_packet.h, linux/if_ether.h and linux/virtio_net.h that Tmds.LibC 0.5.0 does not carry
/// (TPACKET_V3 ring status bits, virtio-net header flags). They are kernel ABI and never change.
/// </summary>
internal static class PacketConstants
{
    public const ushort EthPAll = 0x0003;

    public const int TpacketV3 = 2;

    public const uint TpStatusKernel = 0;
    public const uint TpStatusUser = 1 << 0;
    public const uint TpStatusCopy = 1 << 1;
    public const uint TpStatusLosing = 1 << 2;
    public const uint TpStatusCsumNotReady = 1 << 3;
    public const uint TpStatusVlanValid = 1 << 4;
    public const uint TpStatusCsumValid = 1 << 7;

    public const byte VirtioNetHdrFNeedsCsum = 1;
    public const byte VirtioNetHdrFDataValid = 2;

    public const byte VirtioNetHdrGsoNone = 0;
    public const byte VirtioNetHdrGsoTcpV4 = 1;
    public const byte VirtioNetHdrGsoUdp = 3;
    public const byte VirtioNetHdrGsoTcpV6 = 4;
    public const byte VirtioNetHdrGsoUdpL4 = 5;
    public const byte VirtioNetHdrGsoEcn = 0x80;
}
