using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Sockets.Native;
using Tmds.Linux;

namespace LvsOperator.Dataplane.Sockets;

/// <summary>
/// Walks the frames of an <see cref="RxBlock"/>: the tpacket3_hdr chain of a ring block, or the messages of a
/// recvmmsg batch (a struct enumerator: foreach allocates nothing).
/// </summary>
public unsafe struct RxFrameEnumerator
{
    // sockaddr_ll: family, protocol (2 each), ifindex (4), hatype (2), then pkttype (1).
    private const uint SockaddrLlPacketTypeEnd = 11;

    private readonly mmsghdr* _messages;
    private readonly int _bufferSize;
    private readonly int _count;
    private readonly bool _vnetHeader;
    private byte* _next;
    private byte* _current;
    private int _index;

    internal RxFrameEnumerator(byte* first, int count, bool vnetHeader)
    {
        _next = first;
        _current = null;
        _count = count;
        _index = -1;
        _vnetHeader = vnetHeader;
    }

    internal RxFrameEnumerator(mmsghdr* messages, int count, int bufferSize, bool vnetHeader)
    {
        _messages = messages;
        _bufferSize = bufferSize;
        _count = count;
        _index = -1;
        _vnetHeader = vnetHeader;
    }

    public readonly RxFrame Current => _messages != null ? BatchFrame() : RingFrame();

    public bool MoveNext()
    {
        if (_index + 1 >= _count)
        {
            return false;
        }

        _index++;
        if (_messages == null)
        {
            _current = _next;
            _next = _current + *(uint*)(_current + Tpacket3Header.NextOffset);
        }

        return true;
    }

    private readonly RxFrame RingFrame() => new(
        _current + *(ushort*)(_current + Tpacket3Header.MacOffset),
        (int)*(uint*)(_current + Tpacket3Header.SnapLength),
        (int)*(uint*)(_current + Tpacket3Header.Length),
        *(uint*)(_current + Tpacket3Header.Status),
        (ushort)*(uint*)(_current + Tpacket3Header.VlanTci),
        (LinkPacketType)((sockaddr_ll*)(_current + Tpacket3Header.SockaddrOffset))->sll_pkttype,
        _vnetHeader);

    // The buffer holds the virtio_net_hdr, then the frame; with MSG_TRUNC msg_len counts the whole frame even when the
    // buffer kept only its start. Whom it was addressed to is in the sockaddr_ll the kernel wrote as msg_name, a tag it
    // took off in the PACKET_AUXDATA control message.
    private readonly RxFrame BatchFrame()
    {
        var message = _messages + _index;
        int header = _vnetHeader ? VirtioNetHeader.Size : 0;
        int wireLength = Math.Max(0, (int)message->msg_len - header);
        var received = (msghdr*)message; // msg_hdr is the first field of struct mmsghdr
        PacketAuxdata.TryRead(received, out uint status, out ushort vlanTci);
        var packetType = received->msg_namelen >= SockaddrLlPacketTypeEnd
            ? (LinkPacketType)((sockaddr_ll*)received->msg_name)->sll_pkttype
            : LinkPacketType.Host;
        return new RxFrame(
            (byte*)message->msg_hdr.msg_iov->iov_base + header,
            Math.Min(wireLength, _bufferSize - header),
            wireLength,
            status,
            vlanTci,
            packetType,
            _vnetHeader);
    }
}
