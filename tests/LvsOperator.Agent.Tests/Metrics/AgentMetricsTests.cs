using LvsOperator.Agent.Config;
using LvsOperator.Agent.Dataplane;
using LvsOperator.Agent.Metrics;
using LvsOperator.Agent.Status;
using LvsOperator.Agent.Tests.Support;
using LvsOperator.Dataplane.Packets;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsOperator.Agent.Tests.Metrics;

public sealed class AgentMetricsTests : IAsyncLifetime
{
    private const string Service = "TCP/198.18.0.100:80";
    private readonly FakeDataplane _dataplane = new(capacity: 4096);
    private readonly AgentState _state = new(TimeProvider.System);

    public async Task InitializeAsync()
    {
        await _dataplane.StartAsync(default);
        var applier = new ConfigApplier(_dataplane, _state, new EveryVipOwned(), NullLogger<ConfigApplier>.Instance);
        await ConfigFileLoader.ApplyAsync(applier, Yaml.Web(("198.18.1.11", 1), ("198.18.1.12", 0)), default);
        await ConfigFileLoader.ApplyAsync(applier, "not: [valid", default);
    }

    public async Task DisposeAsync() => await _dataplane.DisposeAsync();

    [Fact]
    public async Task Exports_per_real_server_traffic_connections_and_weights()
    {
        var server = _dataplane.Services.Services.Single().RealServers[0];
        var client = new FlowKey(IpProtocol.Tcp, Ipv4Format.Parse("198.18.0.2"), 40000, Ipv4Format.Parse("198.18.0.100"), 80);
        await _dataplane.InvokeAsync(() =>
        {
            _dataplane.Connections.TryAdd(client, server, out var id);
            _dataplane.Connections.RecordInbound(id, 60, (byte)TcpFlags.Syn);
            _dataplane.Connections.RecordOutbound(id, 60, (byte)(TcpFlags.Syn | TcpFlags.Ack));
            _dataplane.Connections.RecordInbound(id, 52, (byte)TcpFlags.Ack);
            return id;
        });

        var samples = await PrometheusText.ScrapeAsync(new AgentMetrics(_dataplane, _state));

        double Value(string name, params (string, string)[] labels) => samples.Single(s => s.Name == name && s.Has(labels)).Value;
        var rs = ("real_server", "198.18.1.11:8080");
        Assert.Equal(2, Value("lvs_packets_total", ("direction", "in"), ("service", Service), rs));
        Assert.Equal(1, Value("lvs_packets_total", ("direction", "out"), ("service", Service), rs));
        Assert.Equal(112, Value("lvs_bytes_total", ("direction", "in"), ("service", Service), rs));
        Assert.Equal(60, Value("lvs_bytes_total", ("direction", "out"), ("service", Service), rs));
        Assert.Equal(1, Value("lvs_connections_total", ("service", Service), rs));
        Assert.Equal(1, Value("lvs_active_connections", ("service", Service), rs));
        Assert.Equal(0, Value("lvs_inactive_connections", ("service", Service), rs));
        Assert.Equal(0, Value("lvs_real_server_weight", ("service", Service), ("real_server", "198.18.1.12:8080")));
        Assert.Equal(1, Value("lvs_connection_table_entries"));
        Assert.Equal(4096, Value("lvs_connection_table_capacity"));
    }

    [Fact]
    public async Task Exports_midflow_pickups_per_service()
    {
        var service = _dataplane.Services.Services.Single();
        await _dataplane.InvokeAsync(() =>
        {
            service.CountMidflowPickup();
            service.CountMidflowPickup();
            return 0;
        });

        var samples = await PrometheusText.ScrapeAsync(new AgentMetrics(_dataplane, _state));

        Assert.Equal(2, samples.Single(s => s.Name == "lvs_midflow_pickups_total" && s.Has(("service", Service))).Value);
    }

    [Fact]
    public async Task Exports_drops_by_reason_interface_counters_and_config_reloads()
    {
        _dataplane.Statistics = new DataplaneStatistics(10, 2, 5, 1, 3,
            new Dictionary<DropReason, long> { [DropReason.NoRealServer] = 7 },
            [new InterfaceStatistics("veth0", 100, 6400, 90, 5760, 1, 4)]);

        var samples = await PrometheusText.ScrapeAsync(new AgentMetrics(_dataplane, _state));

        double Value(string name, params (string, string)[] labels) => samples.Single(s => s.Name == name && s.Has(labels)).Value;
        Assert.Equal(7, Value("lvs_drops_total", ("reason", "NoRealServer")));
        Assert.Equal(0, Value("lvs_drops_total", ("reason", "ConnectionTableFull")));
        Assert.DoesNotContain(samples, s => s.Name == "lvs_drops_total" && s.Has(("reason", "None")));
        Assert.All(Enum.GetValues<DropReason>().Where(r => r != DropReason.None), reason =>
            Assert.Contains(samples, s => s.Name == "lvs_drops_total" && s.Has(("reason", reason.ToString()))));
        Assert.Equal(10, Value("lvs_frames_total", ("outcome", "forwarded")));
        Assert.Equal(3, Value("lvs_frames_held_for_neighbour_total"));
        Assert.Equal(100, Value("lvs_interface_rx_frames_total", ("interface", "veth0")));
        Assert.Equal(5760, Value("lvs_interface_tx_bytes_total", ("interface", "veth0")));
        Assert.Equal(4, Value("lvs_interface_rx_drops_total", ("interface", "veth0")));
        Assert.Equal(1, Value("lvs_config_reloads_total", ("result", "success")));
        Assert.Equal(1, Value("lvs_config_reloads_total", ("result", "rejected")));
        Assert.Equal(0, Value("lvs_config_last_reload_successful"));
        Assert.Equal(1, Value("lvs_guard_installed"));
        Assert.Equal(1, Value("lvs_forwarder_up"));
    }
}
