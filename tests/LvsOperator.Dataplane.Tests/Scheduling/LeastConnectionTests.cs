using LvsOperator.Dataplane.Scheduling;

namespace LvsOperator.Dataplane.Tests.Scheduling;

public sealed class LeastConnectionTests
{
    private static void Load(RealServer server, int active, int inactive)
    {
        for (int i = 0; i < active; i++)
        {
            server.ConnectionAdded(active: true);
        }

        for (int i = 0; i < inactive; i++)
        {
            server.ConnectionAdded(active: false);
        }
    }

    [Fact]
    public void Lc_chooses_the_least_overhead_counting_active_as_256()
    {
        var servers = TestFlows.Servers(3);
        Load(servers[0], active: 2, inactive: 0);   // 512
        Load(servers[1], active: 1, inactive: 300); // 556
        Load(servers[2], active: 1, inactive: 255); // 511
        var lc = new LeastConnection();
        lc.Rebuild(servers);

        Assert.Same(servers[2], lc.Schedule(TestFlows.Tcp(1, 1)));

        Load(servers[2], active: 0, inactive: 2); // 513
        Assert.Same(servers[0], lc.Schedule(TestFlows.Tcp(1, 1)));
    }

    [Fact]
    public void Lc_skips_weight_zero_even_when_idle()
    {
        var servers = TestFlows.Servers(2);
        Load(servers[0], active: 5, inactive: 0);
        servers[1].Weight = 0;
        var lc = new LeastConnection();
        lc.Rebuild(servers);

        Assert.Same(servers[0], lc.Schedule(TestFlows.Tcp(1, 1)));
    }

    [Fact]
    public void Wlc_divides_the_overhead_by_weight()
    {
        var servers = TestFlows.Servers(2);
        servers[0].Weight = 1;
        servers[1].Weight = 4;
        Load(servers[0], active: 1, inactive: 0); // 256 / 1
        Load(servers[1], active: 3, inactive: 0); // 768 / 4 = 192
        var wlc = new WeightedLeastConnection();
        wlc.Rebuild(servers);

        Assert.Same(servers[1], wlc.Schedule(TestFlows.Tcp(1, 1)));

        Load(servers[1], active: 2, inactive: 0); // 1280 / 4 = 320
        Assert.Same(servers[0], wlc.Schedule(TestFlows.Tcp(1, 1)));
    }

    [Fact]
    public void Wlc_with_nothing_available_gives_null()
    {
        var wlc = new WeightedLeastConnection();
        wlc.Rebuild(TestFlows.Servers(3, weight: 0));
        Assert.Null(wlc.Schedule(TestFlows.Tcp(1, 1)));
    }
}
