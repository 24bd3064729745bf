using LvsOperator.EndToEnd.Tests.Harness;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Workloads;

namespace LvsOperator.EndToEnd.Tests.Nat;

/// <summary>Proof 2: UDP request and response through the VIP.</summary>
[Collection(NetnsCollection.Name)]
public sealed class UdpTests(DirectorFixture fixture) : IClassFixture<DirectorFixture>
{
    [Fact]
    public async Task UdpRequestsAreAnsweredFromTheVipAndSpreadInTurn()
    {
        await fixture.ProgramAsync(Services.Dns("rr", 1, 2, 3));

        // A fresh socket per query is a new flow each time, so rr gives each server exactly a third.
        var exchanges = NetworkNamespace.Run(fixture.Topology.Client, () => Enumerable.Range(0, 30)
            .Select(_ => VipClient.UdpQuery(Services.DnsVip)).ToList());

        Assert.All(exchanges, e =>
        {
            Assert.Equal(Services.DnsVip, e.Remote); // a connected UDP socket only accepts answers from the VIP
            Assert.Equal(e.Local, e.ServedBy.Peer);
        });
        Assert.Equal(new[] { 10, 10, 10 }, exchanges.GroupBy(e => e.ServedBy.RealServer).Select(g => g.Count()));
    }
}
