using LvsOperator.Dataplane.Scheduling;

namespace LvsOperator.Dataplane.Tests.Scheduling;

public sealed class SourceHashTests
{
    [Fact]
    public void Same_source_address_gets_the_same_server_whatever_the_port()
    {
        var servers = TestFlows.Servers(4);
        var sh = new SourceHash();
        sh.Rebuild(servers);
        var seen = new HashSet<RealServer>();

        for (int client = 0; client < 200; client++)
        {
            var first = sh.Schedule(TestFlows.Tcp(TestFlows.Client(client), 1000));
            for (ushort port = 1001; port < 1010; port++)
            {
                Assert.Same(first, sh.Schedule(TestFlows.Tcp(TestFlows.Client(client), port)));
            }

            seen.Add(first!);
        }

        Assert.Equal(4, seen.Count);
    }

    [Fact]
    public void With_source_port_the_port_matters()
    {
        var sh = new SourceHash(includeSourcePort: true);
        sh.Rebuild(TestFlows.Servers(4));

        var picks = Enumerable.Range(0, 64).Select(p => sh.Schedule(TestFlows.Tcp(TestFlows.Client(1), (ushort)(2000 + p)))).Distinct().Count();

        Assert.True(picks > 1);
    }

    [Fact]
    public void Buckets_follow_weights_and_skip_unavailable_servers()
    {
        var servers = TestFlows.Servers(2);
        servers[0].Weight = 3;
        var sh = new SourceHash();
        sh.Rebuild(servers);
        int first = Enumerable.Range(0, 4000).Count(c => sh.Schedule(TestFlows.Tcp(TestFlows.Client(c), 1)) == servers[0]);
        Assert.InRange(first, 2700, 3300);

        servers[0].Weight = 0;
        Assert.All(Enumerable.Range(0, 100), c => Assert.Same(servers[1], sh.Schedule(TestFlows.Tcp(TestFlows.Client(c), 1))));
    }

    [Fact]
    public void Buckets_are_shared_in_proportion_even_when_a_weight_exceeds_the_table()
    {
        var servers = TestFlows.Servers(3);
        servers[0].Weight = 6000;
        servers[1].Weight = 2000;
        servers[2].Weight = 2000;
        var sh = new SourceHash();
        sh.Rebuild(servers);

        var counts = Enumerable.Range(0, SourceHash.BucketCount).GroupBy(sh.BucketOwner).ToDictionary(g => g.Key!, g => g.Count());

        Assert.InRange(counts[servers[0]], 2455, 2457);
        Assert.InRange(counts[servers[1]], 818, 820);
        Assert.InRange(counts[servers[2]], 818, 820);
    }
}
