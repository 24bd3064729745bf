using System.CommandLine;
using System.Text.Json;
using LvsOperator.Api.AgentApi;
using LvsOperator.Cli.Ipvs;

namespace LvsOperator.Cli.Commands;

/// <summary>`lvsctl conns [--server URL]`: the agent's connection table, as `ipvsadm -L -n -c`.</summary>
internal static class ConnectionsCommand
{
    public static Command Create()
    {
        var server = AgentServerOption.Create();
        var command = new Command("conns", "NAT connection entries, like ipvsadm -L -n -c") { server };
        command.SetAction((parsed, stop) => RunAsync(parsed.GetRequiredValue(server), stop));
        return command;
    }

    private static async Task<int> RunAsync(string server, CancellationToken stop)
    {
        try
        {
            var json = await AgentClient.GetAsync(server, AgentHttpApi.Connections, stop);
            await Console.Out.WriteAsync(IpvsConnectionFormatter.Format(AgentApiJsonContext.ReadConnections(json)));
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"conns: cannot read the agent's connections from {server}: {e.Message}");
            return 1;
        }
    }
}
