using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsOperator.Sandbox.Cluster;

/// <summary>What <see cref="SandboxCluster.StartAsync"/> builds; every default is what `lvsctl sandbox up` uses.</summary>
public sealed record SandboxClusterOptions
{
    public int Nodes { get; init; } = 3;

    /// <summary>Replicas of Deployment echo; null: two per node.</summary>
    public int? EchoReplicas { get; init; }

    /// <summary>terminationGracePeriodSeconds of the echo pods: how long a deleted pod keeps serving its open connections.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Deployment lvs-operator (image <see cref="Kubelets.ImageCatalog.OperatorImage"/>).</summary>
    public bool DeployOperator { get; init; } = true;

    /// <summary>DaemonSet lvs-agent (image <see cref="Kubelets.ImageCatalog.AgentImage"/>).</summary>
    public bool DeployAgents { get; init; } = true;

    /// <summary>Image → dll overrides (an image of a pod spec runs as `dotnet DLL ARGS`).</summary>
    public IReadOnlyDictionary<string, string> Images { get; init; } = new Dictionary<string, string>();

    /// <summary>The API server's port on the host's 127.0.0.1 (the user's kubeconfig); 0 picks a free one.</summary>
    public int ApiPort { get; init; }

    /// <summary>How long start-up may wait for the operator, the agents and the echo pods to be Ready.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Where logs go: RunDirectoryRoot/lvs-sandbox-ID/logs (kept after teardown). Default: the temp directory.</summary>
    public string RunDirectoryRoot { get; init; } = Path.GetTempPath();

    /// <summary>The kubelets' restart back-off; the defaults bring a crashed agent back within a second.</summary>
    public TimeSpan InitialRestartBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRestartBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Also gets every line the operator and agents write, prefixed [namespace/pod/container].</summary>
    public Action<string>? ContainerOutput { get; init; }

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (Nodes is < 1 or > ClusterAddresses.MaxNodes)
        {
            throw new ArgumentException($"nodes must be 1..{ClusterAddresses.MaxNodes}, not {Nodes}");
        }

        var maxPods = Math.Min(1000, Nodes * ClusterAddresses.MaxPodsPerNode);
        if (EchoReplicas is < 0 || EchoReplicas > maxPods)
        {
            throw new ArgumentException($"pods must be 0..{maxPods} for {Nodes} nodes, not {EchoReplicas}");
        }

        if (GracePeriod < TimeSpan.Zero || GracePeriod > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"the grace period must be 0..3600 s, not {GracePeriod.TotalSeconds} s");
        }
    }
}
