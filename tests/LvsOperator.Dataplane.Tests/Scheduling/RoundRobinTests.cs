using LvsOperator.Dataplane.Scheduling;

namespace LvsOperator.Dataplane.Tests.Scheduling;

public sealed class RoundRobinTests
{
    [Fact]
    public void Rr_takes_each_available_server_in_turn()
    {
        var servers = TestFlows.Servers(3);
        servers[1].Weight = 0;
        var rr = new RoundRobin();
        rr.Rebuild(servers);

        var picks = Enumerable.Range(0, 6).Select(i => rr.Schedule(TestFlows.Tcp(1, (ushort)i))).ToArray();

        Assert.Equal([servers[0], servers[2], servers[0], servers[2], servers[0], servers[2]], picks);
    }

    [Fact]
    public void Rr_with_nothing_available_gives_null()
    {
        var rr = new RoundRobin();
        Assert.Null(rr.Schedule(TestFlows.Tcp(1, 1)));
        rr.Rebuild(TestFlows.Servers(2, weight: 0));
        Assert.Null(rr.Schedule(TestFlows.Tcp(1, 1)));
    }

    [Theory]
    [InlineData(new[] { 4, 3, 2 })]
    [InlineData(new[] { 5, 1, 1 })]
    [InlineData(new[] { 6, 4, 0, 2 })]
    [InlineData(new[] { 1, 1, 1 })]
    public void Wrr_follows_weights_exactly_over_a_cycle(int[] weights)
    {
        var servers = TestFlows.Servers(weights.Length);
        for (int i = 0; i < weights.Length; i++)
        {
            servers[i].Weight = weights[i];
        }

        var wrr = new WeightedRoundRobin();
        wrr.Rebuild(servers);
        int gcd = weights.Where(w => w > 0).Aggregate(Gcd);
        int cycle = weights.Sum() / gcd;

        for (int round = 0; round < 3; round++)
        {
            var counts = new int[weights.Length];
            for (int i = 0; i < cycle; i++)
            {
                counts[Array.IndexOf(servers, wrr.Schedule(TestFlows.Tcp(1, 1)))]++;
            }

            Assert.Equal(weights.Select(w => w / gcd), counts);
        }
    }

    [Fact]
    public void Wrr_interleaves_like_ipvs()
    {
        var servers = TestFlows.Servers(3);
        servers[0].Weight = 4;
        servers[1].Weight = 3;
        servers[2].Weight = 2;
        var wrr = new WeightedRoundRobin();
        wrr.Rebuild(servers);

        var order = Enumerable.Range(0, 9).Select(_ => Array.IndexOf(servers, wrr.Schedule(TestFlows.Tcp(1, 1)))).ToArray();

        // ipvs wrr with weights 4,3,2: cw=4 A; cw=3 A B; cw=2 A B C; cw=1 A B C.
        Assert.Equal([0, 0, 1, 0, 1, 2, 0, 1, 2], order);
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
