namespace LvsOperator.Operator;

/// <summary>
/// The operator's settings, bound from the "Operator" configuration section: the command line (see
/// <see cref="OperatorApplication.SwitchMappings"/>) or the environment (<c>LVS_Operator__Workers=4</c>).
/// </summary>
public sealed class OperatorOptions
{
    public const string Section = "Operator";
    public const int DefaultHttpPort = 9407;
    public const string DefaultHttpAddress = "127.0.0.1";
    public const string DefaultNamespace = "lvs-system";

    /// <summary>The leader election Lease, in <see cref="Namespace"/>.</summary>
    public const string LeaderLeaseName = "lvs-operator";

    /// <summary>The operator's name in Events and Leases.</summary>
    public const string Component = "lvs-operator";

    /// <summary>A kubeconfig file; unset: KUBECONFIG, then the in-cluster config, then ~/.kube/config.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Where the leader Lease and the agents' heartbeat Leases live. Default: POD_NAMESPACE, else lvs-system.</summary>
    public string Namespace { get; set; } = DefaultNamespace;

    public int HttpPort { get; set; } = DefaultHttpPort;

    /// <summary>Loopback by default: probes and scrapers on the node reach it; set 0.0.0.0 in a pod for a metrics scraper.</summary>
    public string HttpAddress { get; set; } = DefaultHttpAddress;

    /// <summary>Off only for a single replica (and tests): two operators without election would both write status.</summary>
    public bool LeaderElect { get; set; } = true;

    /// <summary>Our holderIdentity in the leader Lease. Default: POD_NAME, else the host name and a random suffix.</summary>
    public string Identity { get; set; } = "";

    /// <summary>client-go's defaults: 15 s / 10 s / 2 s (leader-elect-lease-duration, -renew-deadline, -retry-period).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Concurrent reconciles (one key is never reconciled twice at once).</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Every VirtualService is reconciled again this often, whatever changed; zero turns it off.</summary>
    public TimeSpan ResyncPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>An agent not live for this long is gone: the operator removes its director entries.</summary>
    public TimeSpan AgentGoneAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a VirtualService being deleted is looked at again while a live director still has an entry.</summary>
    public TimeSpan DeletionRecheck { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>/healthz fails when one reconcile has been running this long: a worker is wedged.</summary>
    public TimeSpan StuckReconcileAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Every problem with these settings, for one clear error at start.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Namespace))
        {
            problems.Add("--namespace must not be empty");
        }

        if (HttpPort is < 0 or > 65535)
        {
            problems.Add($"--http-port {HttpPort} is not between 0 and 65535");
        }

        if (!System.Net.IPAddress.TryParse(HttpAddress, out _))
        {
            problems.Add($"--http-address '{HttpAddress}' is not an IP address");
        }

        if (Workers is < 1 or > 64)
        {
            problems.Add($"--workers {Workers} is not between 1 and 64");
        }

        if (LeaderElect && (RetryPeriod <= TimeSpan.Zero || RenewDeadline <= RetryPeriod || LeaseDuration <= RenewDeadline))
        {
            problems.Add($"leader election needs lease duration > renew deadline > retry period > 0, got {LeaseDuration} / {RenewDeadline} / {RetryPeriod}");
        }

        if (ResyncPeriod < TimeSpan.Zero)
        {
            problems.Add("--resync-period must not be negative");
        }

        if (AgentGoneAfter <= TimeSpan.Zero || DeletionRecheck <= TimeSpan.Zero || StuckReconcileAfter <= TimeSpan.Zero)
        {
            problems.Add("--agent-gone-after, DeletionRecheck and StuckReconcileAfter must be positive");
        }

        return problems;
    }
}
