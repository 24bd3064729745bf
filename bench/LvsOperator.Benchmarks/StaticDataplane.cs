using LvsOperator.Agent.Dataplane;
using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Services;

namespace LvsOperator.Benchmarks;

/// <summary>
/// A data plane without a forwarder for the agent's scrape benchmarks: <paramref name="services"/> TCP services of
/// <paramref name="realServers"/> real servers each, forwarder counters for every drop reason and two interfaces.
/// </summary>
internal sealed class StaticDataplane : IDataplane
{
    public StaticDataplane(int services, int realServers)
    {
        Connections = new ConnectionTable(1 << 16, ConnectionTimeouts.Default, TimeProvider.System);
        Services = new ServiceTable(Connections, TimeProvider.System);
        var specs = new List<VirtualServerSpec>();
        for (var s = 0; s < services; s++)
        {
            var servers = new List<RealServerSpec>();
            for (var r = 0; r < realServers; r++)
            {
                servers.Add(new RealServerSpec(0xC613_0000u + (uint)(s * realServers) + (uint)r, 8080, 1));
            }

            specs.Add(new VirtualServerSpec(IpProtocol.Tcp, 0xC612_0000u + (uint)s, 80, "rr", null, servers));
        }

        Services.Apply(specs);
        var drops = Enum.GetValues<DropReason>().ToDictionary(r => r, r => 1_000_000L + (long)r);
        Statistics = new DataplaneStatistics(123_456_789, 42, 987_654, 12, 3, drops,
            [new InterfaceStatistics("veth-client", 1_234_567_890, 98_765_432_100, 1_234_567, 98_765_432, 0, 17), new InterfaceStatistics("veth-rs", 1, 2, 3, 4, 5, 6)]);
    }

    public ServiceTable Services { get; }

    public ConnectionTable Connections { get; }

    public bool IsRunning => true;

    public DataplaneStatistics Statistics { get; }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<T> InvokeAsync<T>(Func<T> action) => Task.FromResult(action());

    public Task InstallGuardAsync(GuardRules rules, CancellationToken cancellationToken) => Task.CompletedTask;

    public void AnnounceVips(IReadOnlyCollection<uint> vips)
    {
    }

    public DataplaneStatistics ReadStatistics() => Statistics;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
