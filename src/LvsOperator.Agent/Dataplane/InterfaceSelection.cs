using LvsOperator.Dataplane.Routing;

namespace LvsOperator.Agent.Dataplane;

/// <summary>Which interfaces the forwarder taps, and where a VIP is announced.</summary>
internal static class InterfaceSelection
{
    /// <summary>
    /// The named interfaces, or by default every interface that is up, Ethernet (so not loopback) and has an IPv4
    /// address: the client side and the real servers' side of a director alike.
    /// </summary>
    public static IReadOnlyList<DirectorInterface> Choose(IEnumerable<DirectorInterface> interfaces, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(interfaces);
        ArgumentNullException.ThrowIfNull(names);
        var all = interfaces.OrderBy(i => i.Index).ToList();
        if (names.Count == 0)
        {
            return [.. all.Where(i => i.IsUp && i.IsEthernet && i.Addresses.Count > 0)];
        }

        var chosen = new List<DirectorInterface>();
        foreach (var name in names)
        {
            chosen.Add(all.FirstOrDefault(i => i.Name == name)
                ?? throw new InvalidOperationException($"interface '{name}' does not exist in this network namespace"));
        }

        return chosen;
    }

    /// <summary>The interfaces whose subnet contains <paramref name="vip"/>; all of them if none does.</summary>
    public static IReadOnlyList<DirectorInterface> ForVip(IReadOnlyList<DirectorInterface> interfaces, uint vip)
    {
        ArgumentNullException.ThrowIfNull(interfaces);
        var onLink = interfaces.Where(i => i.Addresses.Any(a => Contains(a, vip))).ToList();
        return onLink.Count > 0 ? onLink : interfaces;
    }

    public static bool Contains(InterfaceAddress subnet, uint address)
    {
        uint mask = subnet.PrefixLength <= 0 ? 0 : subnet.PrefixLength >= 32 ? uint.MaxValue : uint.MaxValue << (32 - subnet.PrefixLength);
        return (subnet.Address & mask) == (address & mask);
    }
}
