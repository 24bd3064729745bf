using System.Globalization;
using System.Net;
using System.Text;
using LvsOperator.Api.AgentApi;

namespace LvsOperator.Cli.Ipvs;

/// <summary>
/// Prints services the way <c>ipvsadm -L -n</c> does (same header, column widths and sort order: protocol, address,
/// port; real servers by address and port), so an operator's eyes and scripts carry over. Trailing spaces that
/// ipvsadm pads its last column with are trimmed. A field an agent left out reads as empty or zero. A service whose VIP
/// another director holds (this agent is its standby) says <c>standby</c> after its flags.
/// </summary>
public static class IpvsListFormatter
{
    public static string Format(ServiceListDocument list, ListFormat format)
    {
        ArgumentNullException.ThrowIfNull(list);
        var text = new StringBuilder();
        Line(text, $"IP Virtual Server version {list.Version ?? "0.0.0"} (size={list.ConnectionTableSize})");
        switch (format)
        {
            case ListFormat.Stats:
                Line(text, $"{"Prot LocalAddress:Port",-33} {"Conns",8} {"InPkts",8} {"OutPkts",8} {"InBytes",8} {"OutBytes",8}");
                Line(text, "  -> RemoteAddress:Port");
                break;
            case ListFormat.Rate:
                Line(text, $"{"Prot LocalAddress:Port",-33} {"CPS",8} {"InPPS",8} {"OutPPS",8} {"InBPS",8} {"OutBPS",8}");
                Line(text, "  -> RemoteAddress:Port");
                break;
            default:
                Line(text, "Prot LocalAddress:Port Scheduler Flags");
                Line(text, "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn");
                break;
        }

        var services = (list.Services ?? []).OrderBy(s => ProtocolOrder(s.Protocol)).ThenBy(s => AddressOrder(s.Vip)).ThenBy(s => s.Port);
        foreach (var service in services)
        {
            WriteService(text, service, format);
        }

        return text.ToString();
    }

    private static void WriteService(StringBuilder text, ServiceDocument service, ListFormat format)
    {
        var name = Truncate($"{service.Protocol}  {service.Vip}:{service.Port.ToString(CultureInfo.InvariantCulture)}", 33);
        var stats = service.Stats;
        var rates = service.Rates;
        switch (format)
        {
            case ListFormat.Stats:
                Line(text, $"{name,-33}{LargeNumber(stats.Connections)}{LargeNumber(stats.PacketsIn)}{LargeNumber(stats.PacketsOut)}{LargeNumber(stats.BytesIn)}{LargeNumber(stats.BytesOut)}");
                break;
            case ListFormat.Rate:
                Line(text, $"{name,-33}{LargeNumber(rates.Cps)}{LargeNumber(rates.InPps)}{LargeNumber(rates.OutPps)}{LargeNumber(rates.InBps)}{LargeNumber(rates.OutBps)}");
                break;
            default:
                Line(text, $"{name} {service.Scheduler}{Flags(service.Persistence)}{(service.Held ? "" : " standby")}");
                break;
        }

        var servers = (service.RealServers ?? []).OrderBy(r => AddressOrder(r.Ip)).ThenBy(r => r.Port);
        foreach (var server in servers)
        {
            var destination = Truncate($"{server.Ip}:{server.Port.ToString(CultureInfo.InvariantCulture)}", 28);
            var s = server.Stats;
            var r = server.Rates;
            switch (format)
            {
                case ListFormat.Stats:
                    Line(text, $"  -> {destination,-28}{LargeNumber(s.Connections)}{LargeNumber(s.PacketsIn)}{LargeNumber(s.PacketsOut)}{LargeNumber(s.BytesIn)}{LargeNumber(s.BytesOut)}");
                    break;
                case ListFormat.Rate:
                    Line(text, $"  -> {destination,-28} {r.Cps,8} {r.InPps,8} {r.OutPps,8}{LargeNumber(r.InBps)}{LargeNumber(r.OutBps)}");
                    break;
                default:
                    Line(text, $"  -> {destination,-28} {server.Forward ?? "Masq",-7} {server.Weight,-6} {server.ActiveConnections,-10} {server.InactiveConnections,-10}");
                    break;
            }
        }
    }

    /// <summary>ipvsadm's print_largenum: 9 columns, scaled with K/M/G/T once a number no longer fits.</summary>
    public static string LargeNumber(long value)
    {
        var i = (ulong)Math.Max(0, value);
        return i switch
        {
            < 100_000_000UL => string.Create(CultureInfo.InvariantCulture, $"{i,9}"),
            < 1_000_000_000UL => string.Create(CultureInfo.InvariantCulture, $"{i / 1_000,8}K"),
            < 100_000_000_000UL => string.Create(CultureInfo.InvariantCulture, $"{i / 1_000_000,8}M"),
            < 100_000_000_000_000UL => string.Create(CultureInfo.InvariantCulture, $"{i / 1_000_000_000,8}G"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{i / 1_000_000_000_000,8}T"),
        };
    }

    private static string Flags(PersistenceDocument? persistence)
    {
        if (persistence is not { TimeoutSeconds: > 0 } p)
        {
            return "";
        }

        var flags = string.Create(CultureInfo.InvariantCulture, $" persistent {p.TimeoutSeconds}");
        return p.Netmask is { Length: > 0 } mask && mask != "255.255.255.255" ? $"{flags} mask {mask}" : flags;
    }

    private static int ProtocolOrder(string protocol) => protocol switch
    {
        "TCP" => 6,
        "UDP" => 17,
        _ => 256,
    };

    private static ulong AddressOrder(string address)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            return ulong.MaxValue;
        }

        ulong order = 0;
        foreach (var b in ip.GetAddressBytes())
        {
            order = (order << 8) | b;
        }

        return order;
    }

    private static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;

    private static void Line(StringBuilder text, string line) => text.Append(line.TrimEnd()).Append('\n');
}
