using LvsOperator.Api;
using LvsOperator.EndToEnd.Tests.Harness;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Workloads;

namespace LvsOperator.EndToEnd.Tests.Nat;

/// <summary>Proof 4: with persistence, each client address sticks to one real server within the timeout.</summary>
[Collection(NetnsCollection.Name)]
public sealed class PersistenceTests(PersistenceTests.SixClientsFixture fixture) : IClassFixture<PersistenceTests.SixClientsFixture>
{
    private const int ExtraClients = 5;

    [Fact]
    public async Task EachClientAddressSticksToOneRealServer()
    {
        var web = Services.Web("rr", 1, 2, 3);
        web.Spec.Persistence = new PersistenceSpec { TimeoutSeconds = 300 };
        await fixture.ProgramAsync(web);
        var clients = Enumerable.Range(0, ExtraClients).Select(TopologyAddresses.ExtraClient).Prepend(TopologyAddresses.Client).ToList();

        // Interleaved, so without persistence rr would move every client on every round.
        var exchanges = NetworkNamespace.Run(fixture.Topology.Client, () =>
        {
            var all = new List<Exchange>();
            for (var round = 0; round < 10; round++)
            {
                all.AddRange(clients.Select(address => VipClient.HttpGet(Services.WebVip, address)));
            }

            return all;
        });

        Assert.All(exchanges, e => Assert.Equal(e.Local, e.ServedBy.Peer));
        var perClient = exchanges.GroupBy(e => e.Local.Address).ToDictionary(g => g.Key, g => g.Select(e => e.ServedBy.RealServer).Distinct().ToList());
        Assert.Equal(clients.Count, perClient.Count);
        Assert.All(perClient.Values, servers => Assert.Single(servers));
        // Persistence still schedules: six clients do not all land on one server.
        Assert.True(perClient.Values.Select(s => s[0]).Distinct().Count() >= 2, "all clients were sent to one real server");
    }

    public sealed class SixClientsFixture : DirectorFixture
    {
        protected override TopologyOptions TopologyOptions => new() { ExtraClientAddresses = ExtraClients };
    }
}
