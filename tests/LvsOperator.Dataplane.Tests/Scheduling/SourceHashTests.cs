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

    [Fact]
    public void Buckets_depend_only_on_the_set_not_its_order()
    {
        (int, int)[] set = [(1, 1), (2, 1), (3, 3), (4, 1), (5, 2), (6, 1), (7, 1)];

        var inOrder = DirectorReplica.Fresh(new SourceHash(), set);
        var reversed = DirectorReplica.Fresh(new SourceHash(), [.. set.Reverse()]);

        Assert.Equal(inOrder.Identities(), reversed.Identities());
    }

    [Fact]
    public void Directors_with_different_histories_build_identical_buckets()
    {
        var restarted = DirectorReplica.Fresh(new SourceHash(), (1, 1), (2, 2), (4, 1), (5, 1));

        var standby = new DirectorReplica(new SourceHash());
        standby.Apply((5, 1), (4, 1), (3, 1), (2, 1), (1, 1));
        standby.Apply((5, 1), (4, 1), (2, 2), (1, 1));    // 3 leaves, 2's weight changes
        standby.Apply((5, 1), (2, 2), (1, 0));            // 4 leaves, 1 drains
        standby.Apply((2, 2), (4, 1), (1, 1), (5, 1));    // 4 comes back, 1 too

        Assert.Equal(restarted.Identities(), standby.Identities());
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void Seeded_random_histories_end_in_the_fresh_buckets_of_their_last_set(int seed)
    {
        var random = new Random(seed);
        var history = new DirectorReplica(new SourceHash(includeSourcePort: true));
        (int Server, int Weight)[] last = [];
        for (int step = 0; step < 25; step++)
        {
            last = [.. Enumerable.Range(1, 30).Where(_ => random.Next(3) > 0).Select(i => (i, random.Next(0, 4)))];
            random.Shuffle(last);
            history.Apply(last);
        }

        random.Shuffle(last);
        var fresh = DirectorReplica.Fresh(new SourceHash(includeSourcePort: true), last);

        Assert.Equal(fresh.Identities(), history.Identities());
    }
}
