using LvsOperator.Dataplane.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Dataplane.Tests.Scheduling;

public sealed class PersistenceTableTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RealServer[] _servers = TestFlows.Servers(3);
    private readonly RoundRobin _rr = new();

    public PersistenceTableTests() => _rr.Rebuild(_servers);

    private PersistenceTable Table(int seconds = 300, uint netmask = 0xFFFFFFFF, int capacity = 16) =>
        new(TimeSpan.FromSeconds(seconds), netmask, capacity, _time);

    [Fact]
    public void A_client_sticks_to_its_server_within_the_timeout()
    {
        var table = Table();
        var first = table.Schedule(_rr, TestFlows.Tcp(TestFlows.Client(1), 1000), out int template);
        Assert.True(template >= 0);

        _time.Advance(TimeSpan.FromSeconds(299));
        for (ushort port = 1001; port < 1006; port++)
        {
            Assert.Same(first, table.Schedule(_rr, TestFlows.Tcp(TestFlows.Client(1), port), out _));
        }

        // rr on its own would have moved on: another client gets the next server.
        Assert.NotSame(first, table.Schedule(_rr, TestFlows.Tcp(TestFlows.Client(2), 1000), out _));
    }

    [Fact]
    public void An_idle_template_expires_after_the_timeout()
    {
        var table = Table();
        var first = table.Schedule(_rr, TestFlows.Tcp(TestFlows.Client(1), 1000), out _);

        _time.Advance(TimeSpan.FromSeconds(301));

        Assert.Null(table.Find(TestFlows.Client(1)));
        Assert.NotSame(first, table.Schedule(_rr, TestFlows.Tcp(TestFlows.Client(1), 1001), out _));
    }

    [Fact]
    public void The_netmask_groups_clients()
    {
        var table = Table(netmask: 0xFFFFFF00);
        var first = table.Schedule(_rr, TestFlows.Tcp(0xC6120105, 1000), out _);

        Assert.Same(first, table.Schedule(_rr, TestFlows.Tcp(0xC61201FE, 1000), out _));
        Assert.NotSame(first, table.Schedule(_rr, TestFlows.Tcp(0xC6120205, 1000), out _));
    }

    [Fact]
    public void A_template_in_use_does_not_expire_and_its_timeout_restarts_when_released()
    {
        var table = Table(seconds: 60);
        var first = table.Schedule(_rr, TestFlows.Tcp(TestFlows.Client(1), 1000), out int template);
        table.Acquire(template);

        _time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, table.Expire(16));
        Assert.Same(first, table.Find(TestFlows.Client(1)));

        table.Release(template);
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Same(first, table.Find(TestFlows.Client(1)));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, table.Expire(16));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void A_quiesced_server_loses_its_sticky_clients_for_new_connections()
    {
        var table = Table();
        var first = table.Schedule(_rr, TestFlows.Tcp(TestFlows.Client(1), 1000), out _)!;
        first.Weight = 0;

        Assert.NotSame(first, table.Schedule(_rr, TestFlows.Tcp(TestFlows.Client(1), 1001), out _));
    }

    [Fact]
    public void When_full_clients_are_still_scheduled_without_a_template()
    {
        var table = Table(capacity: 2);
        table.Schedule(_rr, TestFlows.Tcp(TestFlows.Client(1), 1), out int a);
        table.Schedule(_rr, TestFlows.Tcp(TestFlows.Client(2), 1), out int b);
        var third = table.Schedule(_rr, TestFlows.Tcp(TestFlows.Client(3), 1), out int c);

        Assert.True(a >= 0 && b >= 0);
        Assert.NotNull(third);
        Assert.Equal(-1, c);
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void A_full_table_reclaims_expired_templates()
    {
        var table = Table(seconds: 10, capacity: 2);
        table.Schedule(_rr, TestFlows.Tcp(TestFlows.Client(1), 1), out _);
        table.Schedule(_rr, TestFlows.Tcp(TestFlows.Client(2), 1), out _);
        _time.Advance(TimeSpan.FromSeconds(11));

        table.Schedule(_rr, TestFlows.Tcp(TestFlows.Client(3), 1), out int template);

        Assert.True(template >= 0);
        Assert.Equal(1, table.Count);
    }
}
