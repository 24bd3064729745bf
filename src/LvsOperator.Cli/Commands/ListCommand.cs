using System.CommandLine;
using System.Text.Json;
using LvsOperator.Api.AgentApi;
using LvsOperator.Cli.Ipvs;

namespace LvsOperator.Cli.Commands;

/// <summary>`lvsctl list [--stats|--rate] [--server URL]`: the agent's virtual services, as `ipvsadm -L -n`.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var stats = new Option<bool>("--stats") { Description = "connections, packets and bytes, like ipvsadm --stats" };
        var rate = new Option<bool>("--rate") { Description = "per-second rates over the agent's last window, like ipvsadm --rate" };
        var server = AgentServerOption.Create();
        var command = new Command("list", "virtual services and real servers, like ipvsadm -L -n") { stats, rate, server };
        command.Validators.Add(result =>
        {
            if (result.GetValue(stats) && result.GetValue(rate))
            {
                result.AddError("--stats and --rate show different columns; choose one");
            }
        });
        command.SetAction((parsed, stop) => RunAsync(
            parsed.GetValue(stats) ? ListFormat.Stats : parsed.GetValue(rate) ? ListFormat.Rate : ListFormat.Default,
            parsed.GetRequiredValue(server),
            stop));
        return command;
    }

    private static async Task<int> RunAsync(ListFormat format, string server, CancellationToken stop)
    {
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
