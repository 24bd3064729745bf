using System.Globalization;
using System.Text;
using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.ReturnPath;

/// <summary>
/// The text of the return path's table, fed to <c>nft -f -</c> as one transaction that replaces the whole table
/// ("add; delete; table {...}", so a table left by a killed agent is replaced, never duplicated). Why it looks so:
/// <list type="bullet">
/// <item><c>ct direction reply</c>: only replies of connections that came in to the real server (the director's
/// DNATed requests), not connections the pod opened itself.</item>
/// <item>A verdict map from RIP . protocol . rport to one chain per owner node, which sets that owner's bits of the
/// packet mark and keeps the others (a CNI's marks survive).</item>
/// <item>prerouting at mangle: the mark is set before the routing decision, which the <c>ip rule fwmark</c> then
/// sends to the owner's table.</item>
/// </list>
/// </summary>
internal static class ReturnPathRuleset
{
    public static string Build(string table, uint markMask, IReadOnlyList<(int Slot, uint Mark, ReturnRoute Route)> owners)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"add table inet {table}\ndelete table inet {table}\ntable inet {table} {{\n");
        text.Append("  map owners {\n    type ipv4_addr . inet_proto . inet_service : verdict\n");
        var elements = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<ReplySource>();
        foreach (var (slot, _, route) in owners)
        {
            foreach (var source in route.Sources)
            {
                // One RIP:rport can serve VIPs of two owners (two VirtualServices on one pod port): the map can route
                // its replies to one of them only; the first owner wins.
                if (seen.Add(source))
                {
                    elements.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{Ipv4Format.ToString(source.Address)} . {Protocol(source.Protocol)} . {source.Port} : goto owner_{slot}"));
                }
            }
        }

        if (elements.Count > 0)
        {
            text.Append("    elements = { ").AppendJoin(", ", elements).Append(" }\n");
        }

        text.Append("  }\n");
        text.Append("  chain prerouting {\n    type filter hook prerouting priority mangle; policy accept;\n");
        text.Append("    ct direction reply ip saddr . meta l4proto . th sport vmap @owners\n  }\n");
        foreach (var (slot, mark, _) in owners)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  chain owner_{slot} {{\n    meta mark set meta mark & 0x{~markMask:x8} | 0x{mark:x8}\n  }}\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    public static string BuildDelete(string table) => $"add table inet {table}\ndelete table inet {table}\n";

    private static string Protocol(IpProtocol protocol) => protocol switch
    {
        IpProtocol.Tcp => "tcp",
        IpProtocol.Udp => "udp",
        _ => throw new ArgumentException($"The return path covers TCP and UDP real servers, not {protocol}.", nameof(protocol)),
    };
}
