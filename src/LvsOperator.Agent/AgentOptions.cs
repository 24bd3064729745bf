using LvsOperator.Agent.Kubernetes;
using LvsOperator.Api.AgentApi;
using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Forwarding;
using LvsOperator.Dataplane.ReturnPath;
using LvsOperator.Dataplane.Sockets;

namespace LvsOperator.Agent;

/// <summary>
/// The agent's settings, bound from the "Agent" configuration section: command line (<c>--config FILE</c>,
/// <c>--http-port 9406</c>, ...; see <see cref="AgentApplication.SwitchMappings"/>) or environment
/// (<c>LVS_Agent__HttpPort=9406</c>, <c>LVS_Agent__VipLease__Duration=00:00:01.5</c>).
/// </summary>
internal sealed class AgentOptions
{
    public const string Section = "Agent";

    /// <summary>4 MiB: some 10,000 VirtualServices; a file is read whole into memory, so it must be bounded.</summary>
    public const int DefaultConfigSizeLimit = 4 << 20;

    /// <summary>The largest <see cref="ConfigSizeLimit"/> accepted: the file, its text and its objects are all in memory at once.</summary>
    public const int MaxConfigSizeLimit = 256 << 20;

    /// <summary>The largest <see cref="ConnectionListStep"/>: a step of 65,536 slots holds packets up for over a millisecond (16,384 measured ~0.4 ms).</summary>
    public const int MaxConnectionListStep = 1 << 16;

    /// <summary>Standalone mode: the YAML stream of VirtualService documents to apply and watch.</summary>
    public string ConfigPath { get; set; } = "";

    /// <summary>Kubernetes mode: the kubeconfig to reach the API server with (else KUBECONFIG, else in-cluster).</summary>
    public string Kubeconfig { get; set; } = "";

    /// <summary>Kubernetes mode: this node's name; empty means the NODE_NAME environment variable (the downward API).</summary>
    public string NodeName { get; set; } = "";

    /// <summary>Kubernetes mode: the namespace of the agents' Leases; empty means POD_NAMESPACE, else lvs-system.</summary>
    public string Namespace { get; set; } = "";

    /// <summary>
    /// Kubernetes mode: how long the cluster must be quiet before the agent programs what changed. Short: a burst (the
    /// first list, an operator rewriting many statuses) becomes one apply, and one change still reaches the forwarder fast.
    /// </summary>
    public TimeSpan ApplyDebounce { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Kubernetes mode: the per-VIP Leases that make one node the active director of a VIP.</summary>
    public VipLeaseOptions VipLease { get; set; } = new();

    /// <summary>Kubernetes mode: the agent's own Lease, by which the operator knows it is alive.</summary>
    public HeartbeatOptions Heartbeat { get; set; } = new();

    /// <summary>Kubernetes mode: marks, rule priority and routing tables of the pods' return path.</summary>
    public ReturnPathOptions ReturnPath { get; set; } = new();

    /// <summary>Bytes; a larger config file is rejected (the configuration in force stays) without being read.</summary>
    public int ConfigSizeLimit { get; set; } = DefaultConfigSizeLimit;

    public int HttpPort { get; set; } = AgentHttpApi.DefaultPort;

    /// <summary>Loopback by default: the endpoints are for the node's own tools (lvsctl, a metrics scraper on the node).</summary>
    public string HttpAddress { get; set; } = AgentHttpApi.DefaultAddress;

    /// <summary>
    /// Comma-separated interface names to forward on. Empty: every interface that is up, not loopback, Ethernet and
    /// has an IPv4 address.
    /// </summary>
    public string Interfaces { get; set; } = "";

    public int ConnectionCapacity { get; set; } = DirectorOptions.DefaultConnectionCapacity;

    /// <summary>
    /// Slots of the connection table /v1/connections reads per step on the forwarder thread, between packet batches:
    /// what one step may keep packets waiting. 1..<see cref="MaxConnectionListStep"/>.
    /// </summary>
    public int ConnectionListStep { get; set; } = ConnectionSnapshotCursor.DefaultSlotsPerStep;

    /// <summary>
    /// How the packet sockets receive: recvmmsg (woken per packet, batched under load) or the TPACKET_V3 ring (a
    /// packet waits up to a block retire timeout, ~4 ms at HZ=250). See Dataplane/Sockets/README.md for the measurements.
    /// </summary>
    public ReceiveMode ReceiveMode { get; set; } = ReceiveMode.Recvmmsg;

    /// <summary>Idle timeout of an established TCP connection, seconds (ipvsadm --set tcp).</summary>
    public int TcpTimeoutSeconds { get; set; } = 900;

    /// <summary>Timeout of a TCP connection after the client's FIN, seconds (ipvsadm --set tcpfin).</summary>
    public int TcpFinTimeoutSeconds { get; set; } = 120;

    /// <summary>Idle timeout of a UDP flow, seconds (ipvsadm --set udp).</summary>
    public int UdpTimeoutSeconds { get; set; } = 300;

    /// <summary>How long the config file must be quiet before it is read: editors write in several steps.</summary>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Fallback poll of the file's mtime and hash, for changes the watcher misses (bind mounts, some editors).</summary>
    public TimeSpan ReloadPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Window of the rate sampler behind <c>lvsctl list --rate</c>, as IPVS's estimator.</summary>
    public TimeSpan RateInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Checks the Kubernetes mode's timings and kernel numbers before anything starts.</summary>
    /// <exception cref="InvalidOperationException">One of them is out of range; the message names the option.</exception>
    public void ValidateKubernetesMode()
    {
        try
        {
            VipLease.For("lvs-vip-check", "check", "check").Validate();
            ReturnPath.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"invalid Kubernetes mode options ({Section}:VipLease:*, {Section}:ReturnPath:*): {e.Message}", e);
        }

        if (Heartbeat.RenewInterval <= TimeSpan.Zero || Heartbeat.Duration <= Heartbeat.RenewInterval)
        {
            throw new InvalidOperationException($"{Section}:Heartbeat needs Duration > RenewInterval > 0, got {Heartbeat.Duration} / {Heartbeat.RenewInterval}");
        }

        if (ApplyDebounce < TimeSpan.Zero || ApplyDebounce > TimeSpan.FromSeconds(10))
        {
            throw new InvalidOperationException($"{Section}:ApplyDebounce must be between 0 and 10 s, got {ApplyDebounce}");
        }
    }

    public IReadOnlyList<string> InterfaceNames() =>
        Interfaces.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
