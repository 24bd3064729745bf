using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LvsOperator.Api.AgentApi;
using LvsOperator.Cli.Ipvs;

namespace LvsOperator.Cli.Commands;

/// <summary>`lvsctl conns [--limit N] [--server URL]`: the agent's connection table, as `ipvsadm -L -n -c`.</summary>
internal static class ConnectionsCommand
{
    public static Command Create()
    {
        var limit = BoundedIntegerOption.Create("--limit", 0, int.MaxValue, "a count of connections", defaultValue: int.MaxValue);
        limit.Description = "print at most N connections, then how many there are in all (default: every one)";
        limit.HelpName = "N";
        var server = AgentServerOption.Create();
        var command = new Command("conns", "NAT connection entries, like ipvsadm -L -n -c") { limit, server };
        command.SetAction((parsed, stop) => RunAsync(parsed.GetValue(limit), parsed.GetRequiredValue(server), parsed.InvocationConfiguration, stop));
        return command;
    }

    /// <summary>The request for at most <paramref name="limit"/> rows; int.MaxValue is every row, asked without a limit.</summary>
    public static string PathFor(int limit) => limit == int.MaxValue
        ? AgentHttpApi.Connections
        : string.Create(CultureInfo.InvariantCulture, $"{AgentHttpApi.Connections}?{AgentHttpApi.ConnectionsLimit}={limit}");

    private static async Task<int> RunAsync(int limit, string server, InvocationConfiguration console, CancellationToken stop)
    {
        try
        {
            var json = await AgentClient.GetAsync(server, PathFor(limit), stop);
            await console.Output.WriteAsync(IpvsConnectionFormatter.Format(AgentApiJsonContext.ReadConnections(json)));
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException or UriFormatException)
        {
            await console.Error.WriteLineAsync($"conns: cannot read the agent's connections from {server}: {e.Message}");
            return 1;
        }
    }
}
