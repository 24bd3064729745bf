using System.CommandLine;
using System.Net;
using LvsOperator.Sandbox.Directors;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;
using LvsOperator.Sandbox.Workloads;

namespace LvsOperator.Cli.Commands;

/// <summary>
/// `lvsctl demo`: the LVS-NAT walkthrough on real packets. Builds client, director and three real-server network
/// namespaces, starts the standalone agent in the director with examples/standalone.yaml, sends HTTP and UDP to the
/// VIP from the client, prints who answered and what the real servers saw, then `lvsctl list --stats` and `lvsctl
/// conns` as run on the director, stops the agent and removes everything. Needs root.
/// </summary>
internal static class DemoCommand
{
    private static readonly IPEndPoint HttpVip = new(IPAddress.Parse("198.18.0.100"), 80);
    private static readonly IPEndPoint UdpVip = new(IPAddress.Parse("198.18.0.100"), 53);

    public static Command Create()
    {
        var requests = BoundedIntegerOption.Create("--requests", 1, 10_000, "a count of requests", defaultValue: 30);
        requests.Description = "HTTP requests to send through the VIP (UDP queries: at most 9)";
        requests.HelpName = "N";
        var config = new Option<string>("--config")
        {
            Description = "the agent's config file (default: examples/standalone.yaml installed beside lvsctl)",
            HelpName = "FILE",
            DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "examples", "standalone.yaml"),
        };
        var command = new Command("demo", "run the LVS-NAT demo in network namespaces (root)") { requests, config };
        command.SetAction((parsed, stop) => RunAsync(parsed.GetValue(requests), parsed.GetRequiredValue(config), stop));
        return command;
    }

    private static async Task<int> RunAsync(int requests, string config, CancellationToken cancellationToken)
    {
        var agentDll = InstalledAgent.Locate();
        using var topology = NetnsTopology.Create();
        Console.WriteLine($"topology {topology.Id}: client {topology.Client} 198.18.0.2 -- director {topology.Director} 198.18.0.1 (VIP 198.18.0.100) -- "
            + string.Join(", ", topology.RealServers.Select(r => $"{r.Name} {r.Address}")));

        var servers = topology.RealServers.Select(r => RealServerHost.Start(r.Name, r.Namespace)).ToList();
        await using var agent = new AgentDirector(topology, agentDll);
        try
        {
            Console.WriteLine($"starting: ip netns exec {topology.Director} dotnet {agentDll} --config {config}");
            await agent.StartFromFileAsync(config, cancellationToken);

            Console.WriteLine($"\n{requests} HTTP requests from the client to {HttpVip}:");
            PrintSpread(Enumerable.Range(0, requests).Select(_ => NetworkNamespace.Run(topology.Client, () => VipClient.HttpGet(HttpVip))).ToList());
            Console.WriteLine($"\n{Math.Min(requests, 9)} UDP queries to {UdpVip}:");
            PrintSpread(Enumerable.Range(0, Math.Min(requests, 9)).Select(_ => NetworkNamespace.Run(topology.Client, () => VipClient.UdpQuery(UdpVip))).ToList());

            Console.WriteLine($"\n# ip netns exec {topology.Director} lvsctl list --stats");
            Console.Write(LvsctlOnDirector(topology.Director, "list --stats"));
            Console.WriteLine($"\n# ip netns exec {topology.Director} lvsctl conns   (TCP in TIME_WAIT, UDP until its timeout)");
            var connections = LvsctlOnDirector(topology.Director, "conns").TrimEnd('\n').Split('\n');
            Console.WriteLine(string.Join('\n', connections.Take(12)));
            if (connections.Length > 12)
            {
                Console.WriteLine($"... {connections.Length - 12} more");
            }

            var exitCode = await agent.StopAsync(cancellationToken);
            Console.WriteLine($"\nagent stopped with exit code {exitCode} (SIGTERM removes its nftables table inet lvs_operator)");
            return exitCode;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            await Console.Error.WriteLineAsync($"demo failed: {ex.Message}\n{agent.Diagnostics()}");
            return 1;
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            Console.WriteLine($"removed topology {topology.Id}");
        }
    }

    private static void PrintSpread(IReadOnlyList<Exchange> exchanges)
    {
        foreach (var group in exchanges.GroupBy(e => e.ServedBy.RealServer).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = group.First();
            Console.WriteLine($"  {group.Key}: {group.Count(),4} answers; client saw its peer as {first.Remote}, {group.Key} saw the client as {first.ServedBy.Peer}");
        }
    }

    /// <summary>Runs this very lvsctl inside the director namespace, where the agent's port lives on loopback.</summary>
    private static string LvsctlOnDirector(string directorNamespace, string arguments)
    {
        string[] self = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet"
            ? [Environment.ProcessPath!, typeof(DemoCommand).Assembly.Location] // run as `dotnet lvsctl.dll`
            : [Environment.ProcessPath!];
        var result = ProcessRunner.TryRunIn(directorNamespace, self[0], [.. self[1..], .. arguments.Split(' ')]);
        return result.Succeeded ? result.Stdout : $"lvsctl {arguments} failed ({result.ExitCode}): {result.Stderr}\n";
    }
}
