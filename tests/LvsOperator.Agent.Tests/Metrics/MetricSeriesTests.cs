using LvsOperator.Agent.Config;
using LvsOperator.Agent.Dataplane;
using LvsOperator.Agent.Metrics;
using LvsOperator.Agent.Status;
using LvsOperator.Agent.Tests.Support;
using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Packets;
using Microsoft.Extensions.Logging.Abstractions;
using static LvsOperator.Agent.Tests.Support.VirtualServices;

namespace LvsOperator.Agent.Tests.Metrics;

/// <summary>Series follow the data plane from scrape to scrape: what went away disappears, what came back starts again.</summary>
public sealed class MetricSeriesTests : IAsyncLifetime
{
    private const string Service = "TCP/198.18.0.100:80";
    private readonly FakeDataplane _dataplane = new();
    private readonly AgentState _state = new(TimeProvider.System);
    private ConfigApplier _applier = null!;
    private AgentMetrics _metrics = null!;

    public async Task InitializeAsync()
    {
        await _dataplane.StartAsync(default);
        _applier = new ConfigApplier(_dataplane, _state, new EveryVipOwned(), NullLogger<ConfigApplier>.Instance);
        _metrics = new AgentMetrics(_dataplane, _state);
        Assert.True(await ConfigFileLoader.ApplyAsync(_applier, Stream(Web(backends: ["198.18.1.11", "198.18.1.12"])), default));
    }

    public async Task DisposeAsync() => await _dataplane.DisposeAsync();

    [Fact]
    public async Task A_removed_real_server_or_interface_leaves_the_next_scrape()
    {
        _dataplane.Statistics = Statistics(("veth0", 10), ("veth1", 20));
        var before = await PrometheusText.ScrapeAsync(_metrics);
        Assert.Equal(2, before.Count(s => s.Name == "lvs_real_server_weight"));
        Assert.Equal(2, before.Count(s => s.Name == "lvs_interface_rx_frames_total"));

        await ConfigFileLoader.ApplyAsync(_applier, Stream(Web(backends: "198.18.1.12")), default);
        _dataplane.Statistics = Statistics(("veth1", 30));
        var after = await PrometheusText.ScrapeAsync(_metrics);

        Assert.All(after.Where(s => s.Labels.ContainsKey("real_server")), s => Assert.Equal("198.18.1.12:8080", s.Labels["real_server"]));
        Assert.Equal(8, after.Count(s => s.Labels.ContainsKey("real_server"))); // packets and bytes each way, connections, active, inactive, weight
        Assert.Equal(30, Assert.Single(after, s => s.Name == "lvs_interface_rx_frames_total").Value);
    }

    [Fact]
    public async Task A_real_server_added_again_starts_its_counters_from_zero_as_a_reset()
    {
        await CountPacketsAsync("198.18.1.11", 3);
        var first = await PrometheusText.ScrapeAsync(_metrics);
        Assert.Equal(3, PacketsIn(first));

        await ConfigFileLoader.ApplyAsync(_applier, Stream(Web(backends: "198.18.1.12")), default);
        await ConfigFileLoader.ApplyAsync(_applier, Stream(Web(backends: ["198.18.1.11", "198.18.1.12"])), default); // a new RealServer, counters at 0
        await CountPacketsAsync("198.18.1.11", 1);

        Assert.Equal(1, PacketsIn(await PrometheusText.ScrapeAsync(_metrics)));
    }

    [Fact]
    public async Task Totals_past_two_to_the_32_keep_every_digit()
    {
        _dataplane.Statistics = Statistics(("veth0", 98_765_432_101));

        var samples = await PrometheusText.ScrapeAsync(_metrics);

        Assert.Equal(98_765_432_101, Assert.Single(samples, s => s.Name == "lvs_interface_rx_frames_total").Value);
    }

    private static double PacketsIn(IReadOnlyList<MetricSample> samples) =>
        Assert.Single(samples, s => s.Name == "lvs_packets_total" && s.Has(("direction", "in"), ("service", Service), ("real_server", "198.18.1.11:8080"))).Value;

    private Task<int> CountPacketsAsync(string realServer, int packets) => _dataplane.InvokeAsync(() =>
    {
        var server = _dataplane.Services.Services.Single().RealServers.Single(r => r.ToString() == realServer + ":8080");
        var flow = new FlowKey(IpProtocol.Udp, Ipv4Format.Parse("198.18.0.2"), (ushort)(40000 + packets), Ipv4Format.Parse("198.18.0.100"), 80);
        Assert.Equal(ConnectionAddResult.Added, _dataplane.Connections.TryAdd(flow, server, out var id));
        for (var i = 0; i < packets; i++)
        {
            _dataplane.Connections.RecordInbound(id, 100);
        }

        return id;
    });

    private static DataplaneStatistics Statistics(params (string Name, long RxFrames)[] interfaces) =>
        DataplaneStatistics.Empty with { Interfaces = [.. interfaces.Select(i => new InterfaceStatistics(i.Name, i.RxFrames, 0, 0, 0, 0, 0))] };
}
