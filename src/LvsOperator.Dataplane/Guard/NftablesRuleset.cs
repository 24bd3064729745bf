using System.Globalization;
using System.Text;
using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Guard;

/// <summary>
/// The text of the guard table, fed to <c>nft -f -</c> as one transaction. Why it looks as it does:
/// <list type="bullet">
/// <item>Every rule is scoped to <c>iifname @taps</c>, the interfaces the forwarder taps, so nothing else (pod-to-pod,
/// bridged, other links) is touched.</item>
/// <item>prerouting at priority raw (-300) drops before conntrack and any kube-proxy NAT see the packet; AF_PACKET
/// taps run before prerouting, so the forwarder already has its copy.</item>
/// <item>A tapped bridge is the br_netfilter trap: with bridge-nf-call-iptables=1 the IPv4 prerouting hook runs
/// inside the bridge (iif already set to the bridge device) before the frame reaches the bridge device's tap, and
/// br_netfilter then skips the normal prerouting pass. So prerouting leaves bridge devices alone
/// (<c>meta iifkind "bridge"</c>) and the forward hook, which runs after the tap, drops there instead.
/// Bridged pod-to-pod traffic never reaches forward on the bridge device and stays untouched.</item>
/// <item>Everything addressed to a VIP is dropped, not only the service ports: the VIP is not a kernel address,
/// so with ip_forward=1 the kernel would route other traffic for it straight back out.</item>
/// <item>ICMP errors whose quoted packet went to a real server (inner IPv4 header without options) are dropped
/// too, or the kernel would forward them to the client with the real server's address inside. Errors about the
/// VIP's replies are addressed to the VIP and already dropped.</item>
/// </list>
/// </summary>
internal static class NftablesRuleset
{
    public static string Build(
        string table,
        IReadOnlyCollection<string> taps,
        IReadOnlyCollection<GuardedEndpoint> virtualServices,
        IReadOnlyCollection<GuardedEndpoint> realServers)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"add table inet {table}\ndelete table inet {table}\ntable inet {table} {{\n");
        AppendSet(text, "taps", "type ifname", Names(taps));
        AppendSet(text, "virtual_services", "type inet_proto . ipv4_addr . inet_service", Endpoints(virtualServices));
        AppendSet(text, "vips", "type ipv4_addr", Vips(virtualServices));
        AppendSet(text, "real_servers", "type inet_proto . ipv4_addr . inet_service", Endpoints(realServers));
        AppendSet(text, "icmp_real_servers", "typeof @th,136,8 . @th,192,32 . @th,240,16", RawEndpoints(realServers));
        foreach (var (chain, hook) in new[] { ("guard_prerouting", "prerouting"), ("guard_forward", "forward") })
        {
            text.Append(CultureInfo.InvariantCulture, $"  chain {chain} {{\n    type filter hook {hook} priority raw; policy accept;\n");
            text.Append("    iifname != @taps accept\n");
            if (hook == "prerouting")
            {
                // With br_netfilter this pass runs inside the bridge, before the bridge device's tap: leave it alone.
                text.Append("    meta iifkind \"bridge\" accept\n");
            }

            text.Append("    meta l4proto . ip daddr . th dport @virtual_services drop\n");
            text.Append("    ip daddr @vips drop\n");
            text.Append("    meta l4proto . ip saddr . th sport @real_servers drop\n");
            text.Append("    icmp type { destination-unreachable, time-exceeded, parameter-problem } @th,64,8 0x45 ");
            text.Append("@th,136,8 . @th,192,32 . @th,240,16 @icmp_real_servers drop\n  }\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>Replaces the sets' contents in one transaction, leaving the chains alone.</summary>
    public static string BuildSetUpdate(
        string table,
        IReadOnlyCollection<GuardedEndpoint> virtualServices,
        IReadOnlyCollection<GuardedEndpoint> realServers)
    {
        var text = new StringBuilder();
        AppendElements(text, table, "virtual_services", Endpoints(virtualServices));
        AppendElements(text, table, "vips", Vips(virtualServices));
        AppendElements(text, table, "real_servers", Endpoints(realServers));
        AppendElements(text, table, "icmp_real_servers", RawEndpoints(realServers));
        return text.ToString();
    }

    public static string BuildDelete(string table) => $"add table inet {table}\ndelete table inet {table}\n";

    private static void AppendSet(StringBuilder text, string name, string type, List<string> elements)
    {
        text.Append(CultureInfo.InvariantCulture, $"  set {name} {{\n    {type}\n");
        if (elements.Count > 0)
        {
            text.Append("    elements = { ").AppendJoin(", ", elements).Append(" }\n");
        }

        text.Append("  }\n");
    }

    private static void AppendElements(StringBuilder text, string table, string set, List<string> elements)
    {
        text.Append(CultureInfo.InvariantCulture, $"flush set inet {table} {set}\n");
        if (elements.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"add element inet {table} {set} {{ ").AppendJoin(", ", elements).Append(" }\n");
        }
    }

    private static List<string> Names(IEnumerable<string> names)
    {
        var list = new List<string>();
        foreach (var name in names)
        {
            if (name.Length is 0 or > 15 || name.Contains('"', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{name}' is not an interface name.", nameof(names));
            }

            list.Add($"\"{name}\"");
        }

        return list;
    }

    private static List<string> Endpoints(IEnumerable<GuardedEndpoint> endpoints)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in endpoints)
        {
            set.Add(string.Create(CultureInfo.InvariantCulture, $"{Protocol(e.Protocol)} . {Ipv4Format.ToString(e.Address)} . {e.Port}"));
        }

        return [.. set];
    }

    private static List<string> Vips(IEnumerable<GuardedEndpoint> endpoints)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in endpoints)
        {
            set.Add(Ipv4Format.ToString(e.Address));
        }

        return [.. set];
    }

    /// <summary>Raw-payload sets take numbers: protocol, address and port in network order, as hex.</summary>
    private static List<string> RawEndpoints(IEnumerable<GuardedEndpoint> endpoints)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in endpoints)
        {
            set.Add(string.Create(CultureInfo.InvariantCulture, $"0x{(byte)e.Protocol:x2} . 0x{e.Address:x8} . 0x{e.Port:x4}"));
        }

        return [.. set];
    }

    private static string Protocol(IpProtocol protocol) => protocol switch
    {
        IpProtocol.Tcp => "tcp",
        IpProtocol.Udp => "udp",
        _ => throw new ArgumentException($"The guard covers TCP and UDP services, not {protocol}.", nameof(protocol)),
    };
}
