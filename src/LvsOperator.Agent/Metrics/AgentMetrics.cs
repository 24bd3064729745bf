using LvsOperator.Agent.Dataplane;
using LvsOperator.Agent.Status;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Services;
using Prometheus;

namespace LvsOperator.Agent.Metrics;

/// <summary>
/// /metrics: per service and real server traffic (as ipvsadm --stats), connection counts, the forwarder's drops by
/// reason and per-interface frames, the connection table's fill, and config reloads. Service labels read
/// "TCP/198.18.0.100:80", real servers "198.18.1.11:8080".
/// <para>
/// prometheus-net writes the exposition, from the agent's own registry (not the library's static default, which
/// would also collect process and runtime metrics). The values are copied in at scrape time, in the registry's
/// before-collect callback: the forwarder's counters are plain longs its thread bumps without synchronization, and
/// reading them once per scrape keeps metrics off the per-packet path entirely.
/// </para>
/// </summary>
internal sealed class AgentMetrics
{
    /// <summary>The Prometheus text format 0.0.4, as the hand-written exposition before it served.</summary>
    public const string ContentType = PrometheusConstants.TextContentTypeWithVersionAndEncoding;

    private const string Interface = "interface";

    private readonly IDataplane _dataplane;
    private readonly AgentState _state;
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly Lock _gate = new();
    private readonly RealServerMetrics _realServers;
    private readonly ScrapedCounter _drops;
    private readonly ScrapedCounter _midflowPickups;
    private readonly ScrapedCounter _frames;
    private readonly Counter _gsoFrames;
    private readonly Counter _heldForNeighbour;
    private readonly InterfaceMetrics _interfaces;
    private readonly Gauge _tableEntries;
    private readonly Gauge _tableCapacity;
    private readonly ScrapedCounter _reloads;
    private readonly Gauge _lastReloadSuccessful;
    private readonly Gauge _generation;
    private readonly Gauge _guardInstalled;
    private readonly Gauge _forwarderUp;

    public AgentMetrics(IDataplane dataplane, AgentState state)
    {
        _dataplane = dataplane;
        _state = state;
        var factory = Prometheus.Metrics.WithCustomRegistry(_registry);
        _realServers = new RealServerMetrics(factory);
        _drops = new(factory.CreateCounter("lvs_drops_total", "Frames addressed to the director's services that it dropped, by reason.", "reason"));
        _frames = new(factory.CreateCounter("lvs_frames_total", "Frames the forwarder handled, by outcome.", "outcome"));
        _midflowPickups = new(factory.CreateCounter(
            "lvs_midflow_pickups_total",
            "Connections picked up mid-flow: tracked from a TCP segment that was not a SYN, after a restart or takeover (maglev and sh; rr, wrr, lc and wlc drop such segments as NotSynForNewConnection).",
            "service"));
        _gsoFrames = factory.CreateCounter("lvs_gso_frames_total", "GRO/GSO super-frames received (offloads are on).");
        _heldForNeighbour = factory.CreateCounter("lvs_frames_held_for_neighbour_total", "Frames that waited for their next hop's ARP resolution instead of being dropped.");
        _interfaces = new InterfaceMetrics(
            new(factory.CreateCounter("lvs_interface_rx_frames_total", "Frames received on the interface's packet socket.", Interface)),
            new(factory.CreateCounter("lvs_interface_rx_bytes_total", "Bytes received on the interface's packet socket.", Interface)),
            new(factory.CreateCounter("lvs_interface_tx_frames_total", "Frames sent on the interface's packet socket.", Interface)),
            new(factory.CreateCounter("lvs_interface_tx_bytes_total", "Bytes sent on the interface's packet socket.", Interface)),
            new(factory.CreateCounter("lvs_interface_tx_errors_total", "Frames the kernel refused to send.", Interface)),
            new(factory.CreateCounter("lvs_interface_rx_drops_total", "Frames the kernel dropped before the forwarder read them (full receive queue or ring).", Interface)));
        _tableEntries = factory.CreateGauge("lvs_connection_table_entries", "Connections tracked in the connection table.");
        _tableCapacity = factory.CreateGauge("lvs_connection_table_capacity", "Connections the table can hold; new connections beyond it are dropped (ConnectionTableFull).");
        _reloads = new(factory.CreateCounter("lvs_config_reloads_total", "Config file loads by result: success (applied) or rejected (invalid; the last good configuration stays).", "result"));
        _lastReloadSuccessful = factory.CreateGauge("lvs_config_last_reload_successful", "1 if the last config file load was applied without problems.");
        _generation = factory.CreateGauge("lvs_config_generation", "How many configurations have been applied since start.");
        _guardInstalled = factory.CreateGauge("lvs_guard_installed", "1 while the nftables guard table matches the configuration.");
        _forwarderUp = factory.CreateGauge("lvs_forwarder_up", "1 while the forwarder thread runs.");
        _registry.AddBeforeCollectCallback(Update);
    }

    /// <summary>Writes one scrape in the Prometheus text format (<see cref="ContentType"/>).</summary>
    public Task WriteAsync(Stream destination, CancellationToken cancellationToken) =>
        _registry.CollectAndExportAsTextAsync(destination, cancellationToken);

    public static string ServiceLabel(VirtualServiceKey key) =>
        $"{ProtocolName(key.Protocol)}/{Ipv4Format.ToString(key.Vip)}:{key.Port}";

    public static string ProtocolName(IpProtocol protocol) => protocol switch
    {
        IpProtocol.Tcp => "TCP",
        IpProtocol.Udp => "UDP",
        _ => "ICMP",
    };

    // Concurrent scrapes each run this; the lock keeps one sweep from removing what the other just published.
    private void Update()
    {
        lock (_gate)
        {
            _realServers.Update(_dataplane.Services.Services);
            UpdatePickups(_dataplane.Services.Services);
            UpdateForwarder(_dataplane.ReadStatistics());
            _tableEntries.Set(_dataplane.Connections.Count);
            _tableCapacity.Set(_dataplane.Connections.Capacity);

            var config = _state.Config;
            _reloads.Publish(_state.ReloadsSucceeded, "success");
            _reloads.Publish(_state.ReloadsRejected, "rejected");
            _lastReloadSuccessful.Set(config.Applied is not null && config.LastError is null ? 1 : 0);
            _generation.Set(config.Generation);
            _guardInstalled.Set(config.GuardInstalled ? 1 : 0);
            _forwarderUp.Set(_dataplane.IsRunning ? 1 : 0);
        }
    }

    private void UpdatePickups(IReadOnlyList<VirtualServer> services)
    {
        foreach (var service in services)
        {
            _midflowPickups.Publish(service.MidflowPickups, ServiceLabel(service.Key));
        }

        _midflowPickups.Sweep();
    }

    private void UpdateForwarder(DataplaneStatistics stats)
    {
        foreach (var reason in Enum.GetValues<DropReason>())
        {
            if (reason != DropReason.None)
            {
                _drops.Publish(stats.Drops.GetValueOrDefault(reason), reason.ToString());
            }
        }

        _frames.Publish(stats.Forwarded, "forwarded");
        _frames.Publish(stats.Replied, "replied");
        _frames.Publish(stats.Ignored, "ignored");
        _gsoFrames.IncTo(stats.GsoFrames);
        _heldForNeighbour.IncTo(stats.HeldForNeighbour);
        _interfaces.Update(stats.Interfaces);
    }
}
