using Tmds.Linux;

namespace LvsOperator.Dataplane.Sockets;

/// <summary>
/// A run of received frames read in place: a TPACKET_V3 ring block handed over by the kernel, or the buffers one
/// recvmmsg(2) filled. Valid until its receiver's <see cref="IPacketReceiver.ReleaseBlock"/> (or its next receive).
/// </summary>
public readonly unsafe struct RxBlock
{
    private readonly byte* _descriptor;
    private readonly uint _firstOffset;
    private readonly mmsghdr* _messages;
    private readonly int _bufferSize;
    private readonly bool _vnetHeader;

    internal RxBlock(byte* descriptor, uint packetCount, uint firstOffset, bool vnetHeader)
    {
        _descriptor = descriptor;
        PacketCount = (int)packetCount;
        _firstOffset = firstOffset;
        _vnetHeader = vnetHeader;
    }

    internal RxBlock(mmsghdr* messages, int count, int bufferSize, bool vnetHeader)
    {
        _messages = messages;
        PacketCount = count;
        _bufferSize = bufferSize;
        _vnetHeader = vnetHeader;
    }

    public int PacketCount { get; }

    public RxFrameEnumerator GetEnumerator() => _messages != null
        ? new(_messages, PacketCount, _bufferSize, _vnetHeader)
        : new(_descriptor + _firstOffset, PacketCount, _vnetHeader);
}
