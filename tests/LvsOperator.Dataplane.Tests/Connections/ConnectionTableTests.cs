using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;
using LvsOperator.Dataplane.Tests.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Dataplane.Tests.Connections;

public sealed class ConnectionTableTests
{
    private const byte Fin = 0x01, Syn = 0x02, Rst = 0x04, Ack = 0x10;

    private readonly FakeTimeProvider _time = new();
    private readonly RealServer _a = new(0xC6130001, 8080);
    private readonly RealServer _b = new(0xC6130002, 8080);

    private ConnectionTable Table(int capacity = 64) => new(capacity, ConnectionTimeouts.Default, _time);

    private static FlowKey Reply(in FlowKey client, RealServer server) =>
        new(client.Protocol, server.Address, server.Port, client.SourceAddress, client.SourcePort);

    private void Advance(ConnectionTable table, double seconds)
    {
        _time.Advance(TimeSpan.FromSeconds(seconds));
        table.Expire(table.Capacity);
    }

    [Fact]
    public void A_connection_is_found_from_both_directions()
    {
        var table = Table();
        var flow = TestFlows.Tcp(TestFlows.Client(1), 40000);
        Assert.Equal(ConnectionAddResult.Added, table.TryAdd(flow, _a, out int id));

        Assert.True(table.TryGetInbound(flow, out int inbound));
        Assert.True(table.TryGetOutbound(Reply(flow, _a), out int outbound));
        Assert.Equal(id, inbound);
        Assert.Equal(id, outbound);
        ref readonly var c = ref table.Get(id);
        Assert.Equal((TestFlows.Client(1), (ushort)40000, TestFlows.Vip, (ushort)80, _a.Address, (ushort)8080),
            (c.ClientAddress, c.ClientPort, c.VirtualAddress, c.VirtualPort, c.RealAddress, c.RealPort));
        Assert.Same(_a, c.RealServer);
        Assert.False(table.TryGetOutbound(Reply(flow, _b), out _));
        Assert.False(table.TryGetInbound(TestFlows.Tcp(TestFlows.Client(1), 40001), out _));
        Assert.False(table.TryGetInbound(flow with { Protocol = IpProtocol.Udp }, out _));
        Assert.Equal(ConnectionAddResult.AlreadyTracked, table.TryAdd(flow, _b, out _));
    }

    [Fact]
    public void Tcp_follows_the_ipvs_states_and_counts_active_connections()
    {
        var table = Table();
        var flow = TestFlows.Tcp(TestFlows.Client(1), 40000);
        table.TryAdd(flow, _a, out int id);

        Assert.Equal(TcpConnectionState.SynRecv, table.RecordInbound(id, 60, Syn));
        Assert.Equal((0, 1), (_a.ActiveConnections, _a.InactiveConnections));
        Assert.Equal(TcpConnectionState.SynRecv, table.RecordOutbound(id, 60, Syn | Ack));
        Assert.Equal(TcpConnectionState.Established, table.RecordInbound(id, 52, Ack));
        Assert.Equal((1, 0), (_a.ActiveConnections, _a.InactiveConnections));
        Assert.Equal(TcpConnectionState.Established, table.RecordInbound(id, 500, Ack));
        Assert.Equal(TcpConnectionState.Established, table.RecordOutbound(id, 1500, 0));
        Assert.Equal(TcpConnectionState.CloseWait, table.RecordInbound(id, 52, Fin | Ack));
        Assert.Equal((0, 1), (_a.ActiveConnections, _a.InactiveConnections));
        Assert.Equal(TcpConnectionState.TimeWait, table.RecordOutbound(id, 52, Fin | Ack));
        Assert.Equal(TcpConnectionState.TimeWait, table.RecordInbound(id, 52, Ack));

        ref readonly var c = ref table.Get(id);
        Assert.Equal((5L, 3L, 60L + 52 + 500 + 52 + 52, 60L + 1500 + 52), (c.PacketsIn, c.PacketsOut, c.BytesIn, c.BytesOut));
        Assert.Equal((5L, 3L, 1L), (_a.PacketsIn, _a.PacketsOut, _a.Connections));
        Assert.Equal(c.BytesOut, _a.BytesOut);
    }

    [Fact]
    public void Each_state_times_out_after_its_ipvs_timeout()
    {
        var table = Table();
        var flow = TestFlows.Tcp(TestFlows.Client(1), 40000);
        table.TryAdd(flow, _a, out int id);
        table.RecordInbound(id, 60, Syn);

        Advance(table, 59);
        Assert.True(table.TryGetInbound(flow, out id));
        table.RecordInbound(id, 52, Ack); // established: 900 s from now
        Advance(table, 899);
        Assert.True(table.TryGetInbound(flow, out id));
        table.RecordOutbound(id, 52, Rst); // close: 10 s
        Advance(table, 9.5);
        Assert.Equal(1, table.Count);
        Advance(table, 1);
        Assert.Equal(0, table.Count);
        Assert.False(table.TryGetInbound(flow, out _));
        Assert.Equal((0, 0), (_a.ActiveConnections, _a.InactiveConnections));
    }

    [Fact]
    public void Udp_is_refreshed_to_300_seconds_by_each_packet()
    {
        var table = Table();
        var flow = TestFlows.Udp(TestFlows.Client(1), 5353);
        table.TryAdd(flow, _a, out int id);
        table.RecordInbound(id, 80);

        Advance(table, 250);
        Assert.True(table.TryGetOutbound(Reply(flow, _a), out id));
        table.RecordOutbound(id, 120);
        Advance(table, 250);
        Assert.True(table.TryGetInbound(flow, out _));
        Assert.Equal("UDP", Assert.Single(table.ListAll()).StateName);
        Advance(table, 51);
        Assert.False(table.TryGetInbound(flow, out _));
    }

    [Fact]
    public void Lookups_miss_expired_entries_before_the_sweep_reaches_them()
    {
        var table = Table(capacity: 1024);
        var flow = TestFlows.Udp(TestFlows.Client(1), 5353);
        table.TryAdd(flow, _a, out int id);
        table.RecordInbound(id, 80);

        _time.Advance(TimeSpan.FromSeconds(301));
        table.Expire(maxScan: 0); // only advances the clock

        Assert.Equal(1, table.Count);
        Assert.False(table.TryGetInbound(flow, out _));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void Expire_does_bounded_work_per_call()
    {
        var table = Table(capacity: 100);
        for (int i = 0; i < 100; i++)
        {
            table.TryAdd(TestFlows.Udp(TestFlows.Client(i), 1), _a, out int id);
            table.RecordInbound(id, 1);
        }

        _time.Advance(TimeSpan.FromSeconds(301));

        Assert.Equal(10, table.Expire(maxScan: 10));
        Assert.Equal(90, table.Count);
        Assert.Equal(90, table.Expire(maxScan: 1000));
    }

    [Fact]
    public void A_full_table_refuses_new_connections_and_takes_them_again_after_a_removal()
    {
        var table = Table(capacity: 4);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(ConnectionAddResult.Added, table.TryAdd(TestFlows.Tcp(TestFlows.Client(i), 1), _a, out _));
        }

        Assert.Equal(ConnectionAddResult.TableFull, table.TryAdd(TestFlows.Tcp(TestFlows.Client(9), 1), _a, out int refused));
        Assert.Equal(-1, refused);
        Assert.Equal(4, table.Count);

        Assert.True(table.TryGetInbound(TestFlows.Tcp(TestFlows.Client(2), 1), out int id));
        table.Remove(id);
        Assert.Equal(ConnectionAddResult.Added, table.TryAdd(TestFlows.Tcp(TestFlows.Client(9), 1), _a, out _));
        Assert.True(table.TryGetInbound(TestFlows.Tcp(TestFlows.Client(3), 1), out _));
    }

    [Fact]
    public void A_full_table_reclaims_expired_entries_on_insert()
    {
        var table = Table(capacity: 2);
        table.TryAdd(TestFlows.Tcp(TestFlows.Client(1), 1), _a, out _);
        table.TryAdd(TestFlows.Tcp(TestFlows.Client(2), 1), _a, out _);
        _time.Advance(TimeSpan.FromSeconds(3)); // state NONE: 2 s
        table.Expire(maxScan: 0);

        Assert.Equal(ConnectionAddResult.Added, table.TryAdd(TestFlows.Tcp(TestFlows.Client(3), 1), _a, out _));
    }

    [Fact]
    public void A_syn_on_time_wait_or_close_asks_for_rescheduling()
    {
        var table = Table();
        var flow = TestFlows.Tcp(TestFlows.Client(1), 40000);
        table.TryAdd(flow, _a, out int id);
        table.RecordInbound(id, 60, Syn);
        Assert.False(table.ShouldReschedule(id, Syn)); // a retransmitted SYN stays

        table.RecordInbound(id, 52, Ack);
        Assert.False(table.ShouldReschedule(id, Syn));
        table.RecordInbound(id, 52, Fin | Ack);
        table.RecordOutbound(id, 52, Fin | Ack);
        Assert.Equal(TcpConnectionState.TimeWait, table.Get(id).State);
        Assert.False(table.ShouldReschedule(id, Ack));
        Assert.False(table.ShouldReschedule(id, Syn | Ack));
        Assert.True(table.ShouldReschedule(id, Syn));

        table.Remove(id);
        Assert.Equal(ConnectionAddResult.Added, table.TryAdd(flow, _b, out int fresh));
        Assert.Same(_b, table.Get(fresh).RealServer);

        table.RecordOutbound(fresh, 40, Rst);
        Assert.Equal(TcpConnectionState.Close, table.Get(fresh).State);
        Assert.True(table.ShouldReschedule(fresh, Syn));
    }

    [Fact]
    public void TryAdd_says_why_it_refuses()
    {
        var table = Table(capacity: 2);
        var viaPort80 = TestFlows.Tcp(TestFlows.Client(1), 40000);
        var viaPort81 = TestFlows.Tcp(TestFlows.Client(1), 40000, vport: 81);
        Assert.Equal(ConnectionAddResult.Added, table.TryAdd(viaPort80, _a, out int id, tcpFlags: Syn));
        table.RecordInbound(id, 60, Syn);

        Assert.Equal(ConnectionAddResult.AlreadyTracked, table.TryAdd(viaPort80, _b, out _, tcpFlags: Syn));
        Assert.Equal(ConnectionAddResult.Clash, table.TryAdd(viaPort81, _a, out _, tcpFlags: Syn)); // same RIP:rport and CIP:cport back
        Assert.Equal(ConnectionAddResult.Added, table.TryAdd(viaPort81, _b, out _, tcpFlags: Syn));
        Assert.Equal(ConnectionAddResult.TableFull, table.TryAdd(TestFlows.Tcp(TestFlows.Client(2), 1), _a, out int refused, tcpFlags: Syn));
        Assert.Equal(-1, refused);
    }

    [Fact]
    public void A_bare_syn_finds_a_time_wait_connection_gone_and_other_segments_find_it()
    {
        var table = Table();
        var flow = TestFlows.Tcp(TestFlows.Client(1), 40000);
        table.TryAdd(flow, _a, out int id);
        table.RecordInbound(id, 60, Syn);
        table.RecordOutbound(id, 60, Syn | Ack);
        table.RecordInbound(id, 52, Fin | Ack);
        table.RecordOutbound(id, 52, Fin | Ack);
        Assert.Equal(TcpConnectionState.TimeWait, table.Get(id).State);

        Assert.True(table.TryGetInbound(flow, Ack, out int found));
        Assert.Equal(id, found);
        Assert.True(table.TryGetInbound(flow, Syn | Ack, out _));
        Assert.Equal(ConnectionAddResult.AlreadyTracked, table.TryAdd(flow, _b, out _)); // not a SYN: the old one stands
        Assert.True(table.TryGetInbound(flow, out _)); // without flags: no reuse rule

        Assert.False(table.TryGetInbound(flow, Syn, out int gone));
        Assert.Equal(-1, gone);
        Assert.Equal(0, table.Count);
        Assert.Equal(0, _a.InactiveConnections);
    }

    [Fact]
    public void A_bare_syn_added_over_a_time_wait_connection_of_its_own_flow_supersedes_it()
    {
        var table = Table();
        var flow = TestFlows.Tcp(TestFlows.Client(1), 40000);
        table.TryAdd(flow, _a, out int id);
        table.RecordInbound(id, 60, Rst);
        Assert.Equal(TcpConnectionState.Close, table.Get(id).State);

        Assert.Equal(ConnectionAddResult.Added, table.TryAdd(flow, _b, out int fresh, tcpFlags: Syn));
        Assert.Same(_b, table.Get(fresh).RealServer);
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void RemoveConnectionsOfRemovedServers_expires_only_the_removed_servers_connections()
    {
        var table = Table();
        for (int i = 0; i < 10; i++)
        {
            table.TryAdd(TestFlows.Tcp(TestFlows.Client(i), 1), i % 2 == 0 ? _a : _b, out int id);
            table.RecordInbound(id, 60, Syn);
        }

        _a.IsRemoved = true;
        Assert.Equal(5, table.RemoveConnectionsOfRemovedServers());

        Assert.Equal(5, table.Count);
        Assert.Equal(0, _a.InactiveConnections);
        Assert.Equal(5, _b.InactiveConnections);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(i % 2 == 1, table.TryGetInbound(TestFlows.Tcp(TestFlows.Client(i), 1), out _));
        }
    }

    [Fact]
    public void Weight_zero_keeps_existing_connections_and_gets_no_new_ones()
    {
        var table = Table();
        var rr = new RoundRobin();
        rr.Rebuild([_a, _b]);
        var flow = TestFlows.Tcp(TestFlows.Client(1), 1);
        table.TryAdd(flow, _a, out int id);
        table.RecordInbound(id, 60, Syn);

        _a.Weight = 0;
        rr.Rebuild([_a, _b]);

        Assert.True(table.TryGetInbound(flow, out id));
        Assert.Same(_a, table.Get(id).RealServer);
        Assert.All(Enumerable.Range(0, 10), i => Assert.Same(_b, rr.Schedule(TestFlows.Tcp(TestFlows.Client(i), 2))));
    }

    [Fact]
    public void Persistence_templates_live_as_long_as_their_connections()
    {
        var table = Table();
        var persistence = new PersistenceTable(TimeSpan.FromSeconds(30), 0xFFFFFFFF, 8, _time);
        var rr = new RoundRobin();
        rr.Rebuild([_a, _b]);
        var flow = TestFlows.Tcp(TestFlows.Client(1), 1);
        var server = persistence.Schedule(rr, flow, out int template)!;
        table.TryAdd(flow, server, out int id, persistence, template);
        table.RecordInbound(id, 60, Syn);
        table.RecordInbound(id, 60, Ack);

        Advance(table, 600);
        Assert.Same(server, persistence.Find(TestFlows.Client(1)));

        table.Remove(id);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Same(server, persistence.Find(TestFlows.Client(1)));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(persistence.Find(TestFlows.Client(1)));
    }

    [Fact]
    public void A_listing_shows_live_connections_with_state_and_expiry()
    {
        var table = Table();
        var flow = TestFlows.Tcp(TestFlows.Client(1), 40000);
        table.TryAdd(flow, _a, out int id);
        table.RecordInbound(id, 60, Syn);
        table.RecordInbound(id, 52, Ack);
        _time.Advance(TimeSpan.FromSeconds(100));

        var row = Assert.Single(table.ListAll());

        Assert.Equal((TcpConnectionState.Established, "ESTABLISHED"), (row.State, row.StateName));
        Assert.Equal(TimeSpan.FromSeconds(800), row.ExpiresIn);
        Assert.Equal((TestFlows.Client(1), (ushort)40000, TestFlows.Vip, (ushort)80, _a.Address, (ushort)8080),
            (row.ClientAddress, row.ClientPort, row.VirtualAddress, row.VirtualPort, row.RealAddress, row.RealPort));
        Assert.Equal((2L, 112L), (row.PacketsIn, row.BytesIn));
    }

    [Fact]
    public void Configured_timeouts_are_used()
    {
        var table = new ConnectionTable(8, ConnectionTimeouts.Default with { Udp = TimeSpan.FromSeconds(5) }, _time);
        var flow = TestFlows.Udp(TestFlows.Client(1), 1);
        table.TryAdd(flow, _a, out int id);
        table.RecordInbound(id, 10);

        Advance(table, 6);

        Assert.Equal(0, table.Count);
    }
}
