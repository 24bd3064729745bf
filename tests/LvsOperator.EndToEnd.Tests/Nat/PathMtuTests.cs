using LvsOperator.EndToEnd.Tests.Harness;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;
using LvsOperator.Sandbox.Workloads;

namespace LvsOperator.EndToEnd.Tests.Nat;

/// <summary>
/// Proof 5: rs3 sits behind a router whose link toward it has MTU 1000 while rs3 advertises a 1,460-byte MSS.
/// A 1 MiB upload with DF completes only if the router's ICMP frag-needed reaches the client translated outer and
/// inner (so the client's kernel matches it to its VIP connection and lowers the path MTU).
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class PathMtuTests(PathMtuTests.RoutedFixture fixture) : IClassFixture<PathMtuTests.RoutedFixture>
{
    private const int Bytes = 1 << 20;

    [Fact]
    public async Task UploadWithDontFragmentCompletesThroughNarrowLink()
    {
        await fixture.ProgramAsync(Services.Web("rr", 3));

        var answer = NetworkNamespace.Run(fixture.Topology.Client,
            () => VipClient.Upload(Services.WebVip, Bytes, dontFragment: true, TimeSpan.FromSeconds(20)));

        Assert.Equal($"rs3 {Bytes}", answer);
        // The client learnt the narrow MTU for the VIP: the frag-needed was matched to its connection.
        var route = ProcessRunner.Run("ip", "-n", fixture.Topology.Client, "route", "get", TopologyAddresses.Vip.ToString());
        Assert.Contains("mtu 1000", route, StringComparison.Ordinal);
    }

    public sealed class RoutedFixture : DirectorFixture
    {
        protected override TopologyOptions TopologyOptions => new() { RealServerBehindRouter = 3 };
    }
}
