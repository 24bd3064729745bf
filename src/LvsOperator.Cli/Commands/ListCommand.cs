using System.Text.Json;
using LvsOperator.Api.AgentApi;
using LvsOperator.Cli.Ipvs;

namespace LvsOperator.Cli.Commands;

/// <summary>`lvsctl list [--stats|--rate] [--server URL]`: the agent's virtual services, as `ipvsadm -L -n`.</summary>
internal static class ListCommand
{
    public const string Usage = "list [--stats|--rate] [--server URL]   virtual services and real servers, like ipvsadm -L -n";

    public static async Task<int> RunAsync(string[] args, CancellationToken stop)
    {
        var format = ListFormat.Default;
        var server = AgentHttpApi.DefaultServer.ToString();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--stats":
                    format = ListFormat.Stats;
                    break;
                case "--rate":
                    format = ListFormat.Rate;
                    break;
                case "--server" when i + 1 < args.Length:
                    server = args[++i];
                    break;
                default:
                    await Console.Error.WriteLineAsync($"list: unexpected argument '{args[i]}'\nusage: lvsctl {Usage}");
                    return 2;
            }
        }

        try
        {
            var json = await AgentClient.GetAsync(server, AgentHttpApi.Services, stop);
            await Console.Out.WriteAsync(IpvsListFormatter.Format(AgentApiJsonContext.ReadServices(json), format));
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"list: cannot read the agent's services from {server}: {e.Message}");
            return 1;
        }
    }
}
