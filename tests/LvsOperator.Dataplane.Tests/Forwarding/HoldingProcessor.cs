using System.Buffers.Binary;
using LvsOperator.Dataplane.Forwarding;
using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Tests.Forwarding;

/// <summary>
/// A wire (see <see cref="WireProcessor"/>) for frames of one experimental EtherType whose neighbour is slow: it
/// answers Hold for a frame whose first payload byte is <see cref="UntilResolved"/> until <see cref="Resolved"/> is
/// set, and always for <see cref="Forever"/>. Other frames (the kernel's own chatter on the veths) are ignored.
/// </summary>
internal sealed class HoldingProcessor(int left, int right) : IFrameProcessor
{
    public const ushort ExperimentalEtherType = 0x88B5;
    public const byte UntilResolved = 1;
    public const byte Forever = 2;

    private volatile bool _resolved;

    public bool Resolved { get => _resolved; set => _resolved = value; }

    public ForwardingDecision Process(Span<byte> frame, int ingressInterfaceIndex, in PacketMetadata metadata)
    {
        if (frame.Length <= EthernetFrame.UntaggedHeaderLength || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != ExperimentalEtherType)
        {
            return ForwardingDecision.Ignore;
        }

        var kind = frame[EthernetFrame.UntaggedHeaderLength];
        return kind == Forever || (kind == UntilResolved && !_resolved)
            ? ForwardingDecision.Hold
            : new ForwardingDecision(ForwardingAction.Forward, DropReason.None, ingressInterfaceIndex == left ? right : left, frame.Length);
    }
}
