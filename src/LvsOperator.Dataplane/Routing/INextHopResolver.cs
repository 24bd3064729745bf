namespace LvsOperator.Dataplane.Routing;

/// <summary>
/// Routing and neighbour lookup for the forwarder, answered from a cache so the hot path never blocks. A miss
/// returns false and starts resolution in the background (route lookup, ARP). The packet processor then answers
/// Hold: the loop keeps the frame for a bounded time and offers it again, so it goes out once the entry is cached;
/// if none comes (no route, no ARP answer) it is dropped as <c>NeighbourUnresolved</c> when its hold time runs out.
/// </summary>
public interface INextHopResolver
{
    bool TryResolve(uint destinationAddress, out NextHop nextHop);
}
