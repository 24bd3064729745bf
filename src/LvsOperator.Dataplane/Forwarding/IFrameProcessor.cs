using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Forwarding;

/// <summary>
/// Looks at one received frame and decides its fate; may rewrite it in place (the span points into the receive
/// ring). Called on the forwarder thread only, once per frame, so it must not block or allocate. A frame answered
/// with <c>NeighbourUnresolved</c> must be left unmodified: the loop holds it and offers it again once the next hop resolves.
/// </summary>
public interface IFrameProcessor
{
    ForwardingDecision Process(Span<byte> frame, int ingressInterfaceIndex, in PacketMetadata metadata);
}
