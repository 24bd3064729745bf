using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Sockets.Native;

namespace LvsOperator.Dataplane.Forwarding;

/// <summary>A frame waiting in the <see cref="NeighbourWaitQueue"/>: its copy, where it came in, and how it is to be sent.</summary>
internal readonly unsafe struct HeldFrame(byte* data, int length, int ingressInterfaceIndex, VirtioNetHeader header, PacketMetadata metadata, long deadline)
{
    public byte* Data { get; } = data;

    public int Length { get; } = length;

    public int IngressInterfaceIndex { get; } = ingressInterfaceIndex;

    public VirtioNetHeader Header { get; } = header;

    public PacketMetadata Metadata { get; } = metadata;

    public long Deadline { get; } = deadline;

    public Span<byte> Frame => new(Data, Length);
}
