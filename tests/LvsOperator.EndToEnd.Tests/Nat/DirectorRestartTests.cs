using LvsOperator.EndToEnd.Tests.Harness;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Workloads;

namespace LvsOperator.EndToEnd.Tests.Nat;

/// <summary>Proof 7: a stopped director leaves no nftables table and the VIP goes silent; started again, it works.</summary>
[Collection(NetnsCollection.Name)]
public sealed class DirectorRestartTests(DirectorFixture fixture) : IClassFixture<DirectorFixture>
{
    [Fact]
    public async Task StopRemovesTableAndSilencesVipThenRestartServesAgain()
    {
        var web = Services.Web("rr", 1, 2, 3);
        await fixture.ProgramAsync(web);
        Assert.Equal(3, GetServers(3).Distinct().Count());
        Assert.True(TableExists(), $"{fixture.Director.GuardTable} missing while running");

        Assert.Equal(0, await fixture.StopDirectorAsync());

        Assert.False(TableExists(), $"{fixture.Director.GuardTable} still installed after stop");
        Assert.False(NetworkNamespace.Run(fixture.Topology.Client, () => VipClient.CanConnect(Services.WebVip, TimeSpan.FromSeconds(2))),
            "the VIP still accepts connections after the director stopped");

        await fixture.ProgramAsync(web);
        Assert.True(TableExists(), $"{fixture.Director.GuardTable} missing after restart");
        Assert.Equal(3, GetServers(3).Distinct().Count());
        Assert.Single(GuardTables.Listed(fixture)); // replaced, not duplicated
    }

    private List<string> GetServers(int count) => NetworkNamespace.Run(fixture.Topology.Client, () => Enumerable.Range(0, count)
        .Select(_ => VipClient.HttpGet(Services.WebVip).ServedBy.RealServer).ToList());

    private bool TableExists() => GuardTables.Exists(fixture);
}
