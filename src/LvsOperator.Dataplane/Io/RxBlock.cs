using LvsOperator.Dataplane.Io.Native;

namespace LvsOperator.Dataplane.Io;

/// <summary>
/// One TPACKET_V3 ring block handed over by the kernel: a run of frames read in place. Valid until the owning
/// <see cref="PacketSocket.ReleaseBlock"/>.
/// </summary>
public readonly unsafe struct RxBlock
{
    private readonly byte* _descriptor;
    private readonly uint _firstOffset;
    private readonly bool _vnetHeader;

    internal RxBlock(byte* descriptor, uint packetCount, uint firstOffset, bool vnetHeader)
    {
        _descriptor = descriptor;
        PacketCount = (int)packetCount;
        _firstOffset = firstOffset;
        _vnetHeader = vnetHeader;
    }

    public int PacketCount { get; }

    public RxFrameEnumerator GetEnumerator() => new(_descriptor + _firstOffset, PacketCount, _vnetHeader);
}
