using System.Text.Json;
using LvsOperator.Api.AgentApi;
using LvsOperator.Cli.Ipvs;

namespace LvsOperator.Cli.Commands;

/// <summary>`lvsctl conns [--server URL]`: the agent's connection table, as `ipvsadm -L -n -c`.</summary>
internal static class ConnectionsCommand
{
    public const string Usage = "conns [--server URL]   NAT connection entries, like ipvsadm -L -n -c";

    public static async Task<int> RunAsync(string[] args, CancellationToken stop)
    {
        var server = AgentHttpApi.DefaultServer.ToString();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--server" when i + 1 < args.Length:
                    server = args[++i];
                    break;
                default:
                    await Console.Error.WriteLineAsync($"conns: unexpected argument '{args[i]}'\nusage: lvsctl {Usage}");
                    return 2;
            }
        }

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
