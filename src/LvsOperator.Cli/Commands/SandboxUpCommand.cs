using System.CommandLine;
using LvsOperator.Sandbox.Cluster;
using LvsOperator.Sandbox.Kubelets;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Cli.Commands;

/// <summary>
/// `lvsctl sandbox up --kubeconfig FILE [--nodes N] [--pods N] [--grace-period S] [--image NAME=DLL]... [--verbose]`:
/// the multi-node sandbox in the foreground. Writes FILE once the operator, the agents and the echo pods are Ready,
/// then prints the one stdout line `client-namespace: NAME` (everything else goes to stderr); SIGTERM or Ctrl-C tears
/// it all down and exits 0.
/// </summary>
internal static class SandboxUpCommand
{
    public const string ClientNamespacePrefix = "client-namespace: ";

    public static Command Create()
    {
        var kubeconfig = new Option<string>("--kubeconfig")
        {
            Description = "where to write the cluster-admin kubeconfig, once the operator and the agents run",
            HelpName = "FILE",
            Required = true,
        };
        var nodes = BoundedIntegerOption.Create("--nodes", 1, ClusterAddresses.MaxNodes, "a node count", defaultValue: 3);
        nodes.Description = "node namespaces, each with an agent and a pod bridge";
        nodes.HelpName = "N";
        var pods = BoundedIntegerOption.Create("--pods", 0, 1000, "a pod count", defaultValue: -1);
        pods.Description = "replicas of Deployment echo, spread over the nodes (default: 2 per node)";
        pods.DefaultValueFactory = _ => -1;
        pods.HelpName = "N";
        var grace = BoundedIntegerOption.Create("--grace-period", 0, 3600, "seconds", defaultValue: 5);
        grace.Description = "how long a deleted echo pod keeps serving its open connections";
        grace.HelpName = "SECONDS";
        var port = BoundedIntegerOption.Create("--port", 0, 65535, "a TCP port", defaultValue: 0);
        port.Description = "the API server's port on 127.0.0.1 (FILE points there); 0 picks a free one";
        port.HelpName = "N";
        var images = new Option<string[]>("--image")
        {
            Description = $"run IMAGE as `dotnet DLL` (repeatable); defaults: {ImageCatalog.OperatorImage} and {ImageCatalog.AgentImage} are the dlls installed beside lvsctl",
            HelpName = "IMAGE=DLL",
            AllowMultipleArgumentsPerToken = false,
        };
        var withoutOperator = new Option<bool>("--without-operator") { Description = "no Deployment lvs-operator (run your own against FILE)" };
        var withoutAgents = new Option<bool>("--without-agents") { Description = "no DaemonSet lvs-agent" };
        var timeout = BoundedIntegerOption.Create("--ready-timeout", 1, 3600, "seconds", defaultValue: 180);
        timeout.Description = "how long to wait for everything to be Ready";
        timeout.HelpName = "SECONDS";
        var verbose = new Option<bool>("--verbose", "-v") { Description = "the sandbox's logs and every line the operator and agents write, on stderr" };
        var command = new Command("up", "run the multi-node sandbox (nodes, pods, API server, operator, agents) in the foreground (root)")
        {
            kubeconfig, nodes, pods, grace, port, images, withoutOperator, withoutAgents, timeout, verbose,
        };
        command.Validators.Add(result =>
        {
            foreach (var image in result.GetValue(images) ?? [])
            {
                if (image.IndexOf('=', StringComparison.Ordinal) is <= 0 || image.EndsWith('='))
                {
                    result.AddError($"--image must be IMAGE=DLL (got '{image}')");
                }
            }
        });
        command.SetAction((parsed, stop) => RunAsync(
            parsed.GetRequiredValue(kubeconfig),
            new SandboxClusterOptions
            {
                Nodes = parsed.GetValue(nodes),
                EchoReplicas = parsed.GetValue(pods) is >= 0 and var n ? n : null,
                GracePeriod = TimeSpan.FromSeconds(parsed.GetValue(grace)),
                ApiPort = parsed.GetValue(port),
                Images = (parsed.GetValue(images) ?? []).Select(i => i.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal),
                DeployOperator = !parsed.GetValue(withoutOperator),
                DeployAgents = !parsed.GetValue(withoutAgents),
                ReadyTimeout = TimeSpan.FromSeconds(parsed.GetValue(timeout)),
            },
            parsed.GetValue(verbose),
            stop));
        return command;
    }

    private static async Task<int> RunAsync(string kubeconfig, SandboxClusterOptions options, bool verbose, CancellationToken stop)
    {
        using var logging = LoggerFactory.Create(b => b
            .AddSimpleConsole(c => c.SingleLine = true)
            .AddConsole(c => c.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddFilter("LvsOperator.Sandbox.ApiServer", verbose ? LogLevel.Information : LogLevel.Warning)
            .SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning));
        options = options with
        {
            LoggerFactory = logging,
            ContainerOutput = verbose ? line => Console.Error.WriteLine(line) : null,
        };

        await Console.Error.WriteLineAsync($"sandbox: building {options.Nodes} nodes, {options.EchoReplicas ?? 2 * options.Nodes} echo pods, the API server, "
            + $"{(options.DeployOperator ? "the operator" : "no operator")} and {(options.DeployAgents ? "an agent per node" : "no agents")} ...");
        SandboxCluster cluster;
        try
        {
            cluster = await SandboxCluster.StartAsync(options, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("sandbox: stopped before it was up; everything it built is removed");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or TimeoutException or ArgumentException or IOException)
        {
            await Console.Error.WriteLineAsync($"sandbox: {e.Message}");
            return 1;
        }

        await using (cluster)
        {
            await cluster.WriteKubeconfigAsync(kubeconfig, CancellationToken.None);
            await Console.Error.WriteLineAsync(SandboxUpSummary.Describe(cluster, Path.GetFullPath(kubeconfig)));
            await Console.Out.WriteLineAsync(ClientNamespacePrefix + cluster.ClientNamespace);
            await Console.Out.FlushAsync(CancellationToken.None);
            try
            {
                await Task.Delay(Timeout.Infinite, stop);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM / Ctrl-C: the normal way out.
            }

            await Console.Error.WriteLineAsync("sandbox: tearing down (pods get SIGTERM, then the namespaces go) ...");
        }

        await Console.Error.WriteLineAsync("sandbox: removed");
        return 0;
    }
}
