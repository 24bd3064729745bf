using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Forwarding;

/// <summary>
/// Looks at one received frame and decides its fate; may rewrite it in place (the span points into the receive
/// block), except when the answer is <see cref="ForwardingAction.Hold"/>. Called on the forwarder thread only, once
/// per frame and again for each retry of a held frame, so it must not block or allocate.
/// </summary>
public interface IFrameProcessor
{
    ForwardingDecision Process(Span<byte> frame, int ingressInterfaceIndex, in PacketMetadata metadata);
}
