using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Routing;

/// <summary>The director's own interfaces, as the packet path needs them: its MAC (ARP replies) and an address (ICMP errors it originates).</summary>
public interface ILocalInterfaces
{
    bool TryGetMac(int interfaceIndex, out MacAddress mac);

    bool TryGetAddress(int interfaceIndex, out uint address);
}
