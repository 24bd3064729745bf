using System.Globalization;
using System.Text;
using LvsOperator.Api.AgentApi;

namespace LvsOperator.Cli.Ipvs;

/// <summary>Prints the connection table the way <c>ipvsadm -L -n -c</c> does: expire as mm:ss, fixed columns.</summary>
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

        return text.ToString();
    }

    private static void Line(StringBuilder text, string line) => text.Append(line.TrimEnd()).Append('\n');
}
