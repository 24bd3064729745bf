using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Routing;

/// <summary>
/// The director's own interfaces, as the packet path needs them: its MAC (ARP replies), an address (ICMP errors it
/// originates), and whether an address is its own (a packet claiming to come from one is a martian).
/// </summary>
public interface ILocalInterfaces
{
    bool TryGetMac(int interfaceIndex, out MacAddress mac);

    bool TryGetAddress(int interfaceIndex, out uint address);

    /// <summary>
    /// Whether <paramref name="address"/> is configured on one of the director's interfaces or is the broadcast
    /// address of one of their subnets: neither can be the true source of a packet arriving from outside
    /// (RFC 1812 §5.3.7). Per packet: a set lookup, no allocation.
    /// </summary>
    bool IsOwnAddress(uint address);
}
