using LvsOperator.EndToEnd.Tests.Harness;
using LvsOperator.Sandbox.Directors;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Workloads;

namespace LvsOperator.EndToEnd.Tests.Nat;

/// <summary>
/// The harness itself on real packets, whatever the agent's state: topology, real servers and clients through the
/// kernel nftables stand-in (the benchmark's peer). The full suite runs against it with LVS_E2E_DIRECTOR=kernel.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class KernelDirectorSmokeTests(KernelDirectorSmokeTests.KernelFixture fixture) : IClassFixture<KernelDirectorSmokeTests.KernelFixture>
{
    [Fact]
    public async Task KernelNatCarriesTcpAndUdpThroughTheTopology()
    {
        await fixture.ProgramAsync(Services.Web("rr", 1, 2, 3), Services.Dns("rr", 1, 2, 3));

        var (tcp, udp) = NetworkNamespace.Run(fixture.Topology.Client, () => (
            Enumerable.Range(0, 30).Select(_ => VipClient.HttpGet(Services.WebVip)).ToList(),
            Enumerable.Range(0, 3).Select(_ => VipClient.UdpQuery(Services.DnsVip)).ToList()));

        Assert.All(tcp.Concat(udp), e => Assert.Equal(e.Local, e.ServedBy.Peer));
        Assert.Equal(new[] { 10, 10, 10 }, tcp.GroupBy(e => e.ServedBy.RealServer).Select(g => g.Count()));
        Assert.Equal(3, udp.Select(e => e.ServedBy.RealServer).Distinct().Count());
    }

    public sealed class KernelFixture : DirectorFixture
    {
        protected override DirectorKind Kind => DirectorKind.KernelNftables;
    }
}
