using LvsOperator.EndToEnd.Tests.Harness;
using LvsOperator.Sandbox.Directors;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Workloads;

namespace LvsOperator.EndToEnd.Tests.Nat;

/// <summary>Proof 1: 1,000 sequential HTTP requests through the VIP, no SNAT, rr exact and maglev by hash.</summary>
[Collection(NetnsCollection.Name)]
public sealed class SequentialHttpTests(DirectorFixture fixture) : IClassFixture<DirectorFixture>
{
    private const int Requests = 1000;

    [Fact]
    public async Task RoundRobinServesThousandRequestsExactlyInTurnWithoutSnat()
    {
        await fixture.ProgramAsync(Services.Web("rr", 1, 2, 3));

        var exchanges = NetworkNamespace.Run(fixture.Topology.Client, () => Enumerable.Range(0, Requests)
            .Select(_ => VipClient.HttpGet(Services.WebVip)).ToList());

        AssertNoSnat(exchanges);
        var counts = exchanges.GroupBy(e => e.ServedBy.RealServer).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new[] { "rs1", "rs2", "rs3" }, counts.Keys.Order());
        // On a miss, say what the forwarder counted: drops by reason and connections per real server.
        if (!counts.Values.Order().SequenceEqual([333, 333, 334]) && fixture.Director is AgentDirector agent)
        {
            var metrics = await agent.Http.GetAsync("/metrics");
            Assert.Fail($"rr spread {string.Join('/', counts.Values)}; agent counters:\n"
                + string.Join('\n', metrics.Split('\n').Where(l => l.StartsWith("lvs_drops_total", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal)
                    || l.StartsWith("lvs_frames", StringComparison.Ordinal) || l.StartsWith("lvs_connections_total", StringComparison.Ordinal))));
        }

        Assert.Equal(new[] { 333, 333, 334 }, counts.Values.Order());
        // In turn, not merely balanced: each request goes to a different server than the one before.
        for (var i = 1; i < exchanges.Count; i++)
        {
            Assert.NotEqual(exchanges[i - 1].ServedBy.RealServer, exchanges[i].ServedBy.RealServer);
        }
    }

    [Fact]
    public async Task MaglevServesThousandRequestsSpreadByFlowHash()
    {
        await fixture.ProgramAsync(Services.Web("maglev", 1, 2, 3));

        var exchanges = NetworkNamespace.Run(fixture.Topology.Client, () => Enumerable.Range(0, Requests)
            .Select(_ => VipClient.HttpGet(Services.WebVip)).ToList());

        AssertNoSnat(exchanges);
        // Every request is a new source port, so a 5-tuple hash spreads them over all three servers, roughly evenly
        // (each share is binomial around 333; below 200 would mean the hash is not spreading).
        var counts = exchanges.GroupBy(e => e.ServedBy.RealServer).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new[] { "rs1", "rs2", "rs3" }, counts.Keys.Order());
        Assert.All(counts.Values, count => Assert.InRange(count, 200, 466));
    }

    private static void AssertNoSnat(List<Exchange> exchanges)
    {
        Assert.Equal(Requests, exchanges.Count);
        Assert.All(exchanges, e =>
        {
            Assert.Equal(Services.WebVip, e.Remote);
            Assert.Equal(TopologyAddresses.Client, e.Local.Address);
            Assert.Equal(e.Local, e.ServedBy.Peer); // the real server saw the client's own address and port
        });
    }
}
