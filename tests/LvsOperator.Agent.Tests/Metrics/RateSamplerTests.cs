using LvsOperator.Agent.Config;
using LvsOperator.Agent.Metrics;
using LvsOperator.Agent.Status;
using LvsOperator.Agent.Tests.Support;
using LvsOperator.Api.AgentApi;
using LvsOperator.Dataplane.Packets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Agent.Tests.Metrics;

public sealed class RateSamplerTests
{
    [Fact]
    public async Task Rates_are_the_counters_growth_per_second_over_the_last_window()
    {
        var time = new FakeTimeProvider();
        await using var dataplane = new FakeDataplane(timeProvider: time);
        await dataplane.StartAsync(default);
        await ConfigFileLoader.ApplyAsync(new ConfigApplier(dataplane, new AgentState(time), new EveryVipOwned(), NullLogger<ConfigApplier>.Instance), Yaml.Web(("198.18.1.11", 1)), default);
        var service = dataplane.Services.Services.Single();
        var server = service.RealServers.Single();
        var sampler = new RateSampler(dataplane, Options.Create(new AgentOptions()), time);
        sampler.Sample();

        await dataplane.InvokeAsync(() =>
        {
            for (ushort port = 1; port <= 4; port++)
            {
                var flow = new FlowKey(IpProtocol.Udp, Ipv4Format.Parse("198.18.0.2"), port, service.Key.Vip, 80);
                dataplane.Connections.TryAdd(flow, server, out var id);
                for (int i = 0; i < 5; i++)
                {
                    dataplane.Connections.RecordInbound(id, 100);
                }

                dataplane.Connections.RecordOutbound(id, 1000);
            }

            return 0;
        });
        time.Advance(TimeSpan.FromSeconds(2));
        sampler.Sample();

        Assert.Equal(new TrafficRates(Cps: 2, InPps: 10, OutPps: 2, InBps: 1000, OutBps: 2000), sampler.For(service.Key, server));
        Assert.Equal(sampler.For(service.Key, server), sampler.For(service.Key));
    }
}
