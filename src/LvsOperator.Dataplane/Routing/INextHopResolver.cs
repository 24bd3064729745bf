namespace LvsOperator.Dataplane.Routing;

/// <summary>
/// Routing and neighbour lookup for the forwarder, answered from a cache so the hot path never blocks. A miss
/// returns false and starts resolution in the background (route lookup, ARP); the packet that missed is dropped
/// as <c>NeighbourUnresolved</c> or <c>NoRoute</c> and the sender's retransmission finds the entry.
/// </summary>
public interface INextHopResolver
{
    bool TryResolve(uint destinationAddress, out NextHop nextHop);
}
