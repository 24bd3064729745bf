using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;
using LvsOperator.Dataplane.Services;
using LvsOperator.Dataplane.Tests.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Dataplane.Tests.Services;

public sealed class ServiceTableTests
{
    private const uint Vip = TestFlows.Vip;
    private const uint Vip2 = 0xC6120065;
    private const uint Rs1 = 0xC6130001, Rs2 = 0xC6130002, Rs3 = 0xC6130003;

    private readonly FakeTimeProvider _time = new();
    private readonly ConnectionTable _connections;
    private readonly ServiceTable _services;

    public ServiceTableTests()
    {
        _connections = new ConnectionTable(1024, ConnectionTimeouts.Default, _time);
        _services = new ServiceTable(_connections, _time);
    }

    private static VirtualServerSpec Web(string scheduler = "rr", PersistenceSpec? persistence = null, params RealServerSpec[] servers) =>
        new(IpProtocol.Tcp, Vip, 80, scheduler, persistence,
            servers.Length > 0 ? servers : [new(Rs1, 8080, 1), new(Rs2, 8080, 1)]);

    private VirtualServer Get(uint vip = Vip, ushort port = 80)
    {
        Assert.True(_services.TryGet(IpProtocol.Tcp, vip, port, out var service));
        return service;
    }

    private int Connect(VirtualServer service, int client)
    {
        var flow = TestFlows.Tcp(TestFlows.Client(client), 1000);
        var server = service.Schedule(flow, out var persistence, out int template)!;
        Assert.Equal(ConnectionAddResult.Added, _connections.TryAdd(flow, server, out int id, persistence, template));
        _connections.RecordInbound(id, 60, 0x02);
        return id;
    }

    [Fact]
    public void Apply_adds_services_and_owns_their_vips()
    {
        var changes = _services.Apply([Web(), new(IpProtocol.Udp, Vip2, 53, "maglev", null, [new(Rs3, 53, 1)])]);

        Assert.Equal((2, 3, 0), (changes.ServicesAdded, changes.RealServersAdded, changes.Errors.Count));
        Assert.True(_services.IsVip(Vip));
        Assert.True(_services.IsVip(Vip2));
        Assert.False(_services.IsVip(Rs1));
        Assert.Equal(2, _services.Services.Count);
        Assert.IsType<RoundRobin>(Get().Scheduler);
        Assert.True(_services.TryGet(new VirtualServiceKey(IpProtocol.Udp, Vip2, 53), out var dns));
        Assert.Same(dns.RealServers[0], dns.Scheduler.Schedule(TestFlows.Udp(TestFlows.Client(1), 1)));
        Assert.False(_services.TryGet(IpProtocol.Udp, Vip, 80, out _));
    }

    [Fact]
    public void Applying_the_same_configuration_changes_nothing()
    {
        _services.Apply([Web()]);
        var service = Get();
        var servers = service.RealServers.ToArray();
        var scheduler = service.Scheduler;

        var changes = _services.Apply([Web()]);

        Assert.False(changes.Changed);
        Assert.Equal(0, changes.SchedulersRebuilt);
        Assert.Same(service, Get());
        Assert.Same(scheduler, service.Scheduler);
        Assert.Equal(servers, service.RealServers);
    }

    [Fact]
    public void A_weight_change_is_applied_in_place_and_keeps_connections()
    {
        _services.Apply([Web()]);
        var service = Get();
        var rs1 = service.RealServers[0];
        Connect(service, 1);
        Connect(service, 2);

        var changes = _services.Apply([Web(servers: [new(Rs1, 8080, 0), new(Rs2, 8080, 1)])]);

        Assert.Equal((1, 1, 0), (changes.WeightsChanged, changes.SchedulersRebuilt, changes.ConnectionsExpired));
        Assert.Same(rs1, service.RealServers[0]);
        Assert.Equal(0, rs1.Weight);
        Assert.Equal(2, _connections.Count);
        Assert.Equal(1, rs1.InactiveConnections);
        Assert.All(Enumerable.Range(10, 5), i => Assert.NotSame(rs1, service.Scheduler.Schedule(TestFlows.Tcp(TestFlows.Client(i), 1))));
    }

    [Fact]
    public void Removing_a_real_server_expires_its_connections_and_keeps_the_service_totals()
    {
        _services.Apply([Web()]);
        var service = Get();
        var (rs1, rs2) = (service.RealServers[0], service.RealServers[1]);
        int first = Connect(service, 1); // rr: rs1
        Connect(service, 2);             // rr: rs2
        Assert.Same(rs1, _connections.Get(first).RealServer);

        var changes = _services.Apply([Web(servers: [new(Rs2, 8080, 1), new(Rs3, 8080, 1)])]);

        Assert.Equal((1, 1, 1), (changes.RealServersRemoved, changes.RealServersAdded, changes.ConnectionsExpired));
        Assert.True(rs1.IsRemoved);
        Assert.Equal(1, _connections.Count);
        Assert.True(_connections.TryGetInbound(TestFlows.Tcp(TestFlows.Client(2), 1000), out _));
        Assert.Same(rs2, service.RealServers[0]);
        Assert.Equal(2, service.RealServers.Count);
        Assert.Equal((2L, 2L), (service.Connections, service.PacketsIn));
        Assert.All(Enumerable.Range(10, 6), i => Assert.NotSame(rs1, service.Scheduler.Schedule(TestFlows.Tcp(TestFlows.Client(i), 1))));
    }

    [Fact]
    public void Removing_a_service_expires_its_connections_and_releases_the_vip_when_unused()
    {
        var other = new VirtualServerSpec(IpProtocol.Tcp, Vip, 443, "maglev", null, [new(Rs3, 8443, 1)]);
        _services.Apply([Web(), other]);
        Connect(Get(), 1);

        var changes = _services.Apply([other]);
        Assert.Equal((1, 1), (changes.ServicesRemoved, changes.ConnectionsExpired));
        Assert.False(_services.TryGet(IpProtocol.Tcp, Vip, 80, out _));
        Assert.True(_services.IsVip(Vip));
        Assert.Equal(0, _connections.Count);

        _services.Apply([]);
        Assert.False(_services.IsVip(Vip));
        Assert.Empty(_services.Services);
    }

    [Fact]
    public void Changing_the_scheduler_replaces_it()
    {
        _services.Apply([Web()]);
        var service = Get();

        var changes = _services.Apply([Web(scheduler: "wlc")]);

        Assert.Equal(1, changes.ServicesUpdated);
        Assert.IsType<WeightedLeastConnection>(service.Scheduler);
        Assert.NotNull(service.Scheduler.Schedule(TestFlows.Tcp(1, 1)));
    }

    [Fact]
    public void Persistence_can_be_turned_on_and_off()
    {
        _services.Apply([Web()]);
        var service = Get();
        _services.Apply([Web(persistence: new PersistenceSpec(TimeSpan.FromMinutes(5)))]);
        Assert.NotNull(service.Persistence);

        var first = service.Schedule(TestFlows.Tcp(TestFlows.Client(1), 1), out _, out _);
        Assert.Same(first, service.Schedule(TestFlows.Tcp(TestFlows.Client(1), 2), out _, out _));

        _services.Apply([Web()]);
        Assert.Null(service.Persistence);
        Assert.NotSame(
            service.Schedule(TestFlows.Tcp(TestFlows.Client(1), 3), out _, out _),
            service.Schedule(TestFlows.Tcp(TestFlows.Client(1), 4), out _, out _));
    }

    [Fact]
    public void Invalid_specs_are_refused_and_leave_running_services_alone()
    {
        _services.Apply([Web()]);
        var service = Get();

        var changes = _services.Apply([
            Web(scheduler: "nope", servers: [new(Rs3, 8080, 1)]),
            new(IpProtocol.Udp, Vip2, 53, "bogus", null, [new(Rs3, 53, 1)]),
        ]);

        Assert.Equal(2, changes.Errors.Count);
        Assert.Contains("nope", changes.Errors[0]);
        Assert.Same(service, Get());
        Assert.Equal(2, service.RealServers.Count);
        Assert.False(_services.IsVip(Vip2));
    }

    [Fact]
    public void A_duplicated_service_keeps_the_first_definition()
    {
        var changes = _services.Apply([Web(), Web(scheduler: "wrr")]);

        Assert.Single(changes.Errors);
        Assert.IsType<RoundRobin>(Get().Scheduler);
    }

    [Fact]
    public void An_invalid_duplicate_does_not_override_a_valid_first_definition()
    {
        _services.Apply([Web()]);

        var changes = _services.Apply([Web(scheduler: "wrr", servers: [new(Rs3, 8080, 1)]), Web(scheduler: "nope")]);

        Assert.Single(changes.Errors);
        Assert.IsType<WeightedRoundRobin>(Get().Scheduler);
        Assert.Equal(Rs3, Assert.Single(Get().RealServers).Address);
    }

    [Fact]
    public void Removing_several_real_servers_at_once_expires_all_their_connections()
    {
        _services.Apply([Web(servers: [new(Rs1, 8080, 1), new(Rs2, 8080, 1), new(Rs3, 8080, 1)])]);
        var service = Get();
        for (int client = 0; client < 9; client++)
        {
            Connect(service, client);
        }

        var changes = _services.Apply([Web(servers: [new(Rs3, 8080, 1)])]);

        Assert.Equal((2, 6), (changes.RealServersRemoved, changes.ConnectionsExpired));
        Assert.Equal(3, _connections.Count);
    }

    [Fact]
    public void A_maglev_rebuild_that_moves_a_survivors_slot_leaves_its_established_connections_in_place()
    {
        var all = Enumerable.Range(1, 10).Select(i => new RealServerSpec(0xC6130000u + (uint)i, 8080, 1)).ToArray();
        var survivors = all.Where(s => s.Address != all[3].Address).ToArray();
        _services.Apply([Web("maglev", servers: all)]);
        var service = Get();

        // Clients whose pick changes between a survivor and another one once all[3] leaves: a table built from the
        // survivors alone (as a standby would) says which. They are what the connection table must hold in place.
        var after = new Maglev();
        after.Rebuild([.. survivors.Select(s => new RealServer(s.Address, s.Port, s.Weight))]);
        var movers = Enumerable.Range(0, 50_000)
            .Where(c =>
            {
                var flow = TestFlows.Tcp(TestFlows.Client(c), 1000);
                var now = service.Scheduler.Schedule(flow)!;
                return now.Address != all[3].Address && now.Address != after.Schedule(flow)!.Address;
            })
            .Take(20).ToArray();
        Assert.Equal(20, movers.Length);
        var pinned = movers.Select(c => (Client: c, Server: _connections.Get(Connect(service, c)).RealServer)).ToArray();

        var changes = _services.Apply([Web("maglev", servers: survivors)]);

        Assert.Equal((1, 1), (changes.RealServersRemoved, changes.SchedulersRebuilt));
        foreach (var (client, server) in pinned)
        {
            var flow = TestFlows.Tcp(TestFlows.Client(client), 1000);
            Assert.NotSame(server, service.Scheduler.Schedule(flow)); // its slot moved...
            Assert.True(_connections.TryGetInbound(flow, out int id)); // ...its connection did not
            Assert.Same(server, _connections.Get(id).RealServer);
        }

        Assert.Equal(20, _connections.Count);
    }

    [Fact]
    public void Lookup_and_scheduling_do_not_allocate()
    {
        _services.Apply([Web(scheduler: "maglev", persistence: new PersistenceSpec(TimeSpan.FromMinutes(5)))]);
        var key = new VirtualServiceKey(IpProtocol.Tcp, Vip, 80);
        int hits = Probe(key); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            hits += Probe(key);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(11 * 300, hits);
    }

    private int Probe(in VirtualServiceKey key)
    {
        int hits = 0;
        for (int i = 0; i < 100; i++)
        {
            hits += _services.TryGet(key, out var service) ? 1 : 0;
            hits += _services.IsVip(Vip) && !_services.IsVip(Vip2) ? 1 : 0;
            hits += service!.Schedule(TestFlows.Tcp(TestFlows.Client(i), 1), out _, out _) is not null ? 1 : 0;
        }

        return hits;
    }
}
