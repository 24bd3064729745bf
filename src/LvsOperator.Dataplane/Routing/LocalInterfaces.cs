using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Routing;

/// <summary>
/// The director's own MACs and addresses for the packet path, from the resolver's interface table, which it reloads
/// on every refresh: replies the director builds (ARP, echo, frag-needed) and the martian-source check follow link
/// and address changes like forwarded frames do.
/// </summary>
public sealed class LocalInterfaces(NextHopResolver resolver) : ILocalInterfaces
{
    public bool TryGetMac(int interfaceIndex, out MacAddress mac)
    {
        if (resolver.Interfaces.TryGet(interfaceIndex, out var info))
        {
            mac = info.Mac;
            return true;
        }

        mac = default;
        return false;
    }

    public bool TryGetAddress(int interfaceIndex, out uint address)
    {
        if (resolver.Interfaces.TryGet(interfaceIndex, out var info) && info.Addresses.Count > 0)
        {
            address = info.Addresses[0].Address;
            return true;
        }

        address = 0;
        return false;
    }

    public bool IsOwnAddress(uint address) => resolver.Interfaces.IsOwnAddress(address);
}
