using LvsOperator.Dataplane.Forwarding;
using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Tests.Forwarding;

/// <summary>A trivial processor: every frame leaves unchanged through the other interface, like a patch cable.</summary>
internal sealed class WireProcessor(int left, int right) : IFrameProcessor
{
    public int Ticks;

    public ForwardingDecision Process(Span<byte> frame, int ingressInterfaceIndex, in PacketMetadata metadata) =>
        new(ForwardingAction.Forward, DropReason.None, ingressInterfaceIndex == left ? right : left, frame.Length);

    public void Tick() => Interlocked.Increment(ref Ticks);
}
