using System.Globalization;
using System.Text;
using LvsOperator.Api.AgentApi;

namespace LvsOperator.Cli.Ipvs;

/// <summary>
/// Prints the connection table the way <c>ipvsadm -L -n -c</c> does: expire as mm:ss, fixed columns; when a limit cut the
/// list short, a last line says how many there are in all.
/// </summary>
public static class IpvsConnectionFormatter
{
    public static string Format(ConnectionListDocument list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var text = new StringBuilder();
        text.Append("IPVS connection entries\n");
        Line(text, $"pro expire {"state",-11} {"source",-18} {"virtual",-18} destination");
        foreach (var c in list.Connections ?? [])
        {
            var seconds = Math.Max(0, c.ExpiresInSeconds);
            var expire = string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:00}:{seconds % 60:00}");
            Line(text, $"{c.Protocol,-3} {expire,-6} {c.State,-11} {c.Client,-18} {c.Virtual,-18} {c.Real}");
        }

        if (list.Truncated)
        {
            // ipvsadm has no limit, so no line of its own to copy: one after the table, that a script can drop.
            Line(text, string.Create(CultureInfo.InvariantCulture, $"({list.Count:N0} of {list.Total:N0} connections shown)"));
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, string line) => text.Append(line.TrimEnd()).Append('\n');
}
