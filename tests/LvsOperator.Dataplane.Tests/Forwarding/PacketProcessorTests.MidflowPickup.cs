using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Forwarding;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Services;
using LvsOperator.Dataplane.Tests.Packets;
using Microsoft.Extensions.Options;

namespace LvsOperator.Dataplane.Tests.Forwarding;

/// <summary>
/// Mid-flow pickup: a director that has lost its table (a restart) or never had it (a takeover) meets segments of
/// established connections. The "old" director is the fixture's; the "new" one is fresh, given the same servers in
/// another order, as a restarted agent reading its config would be.
/// </summary>
public sealed partial class PacketProcessorTests
{
    private static readonly RealServerSpec[] FiveServers =
        [.. Enumerable.Range(1, 5).Select(n => new RealServerSpec(Rs1 - 1 + (uint)n, 8080, n % 2 + 1))];

    private Director Fresh(string scheduler, PersistenceSpec? persistence = null, int capacity = 1024)
    {
        var director = new Director(Options.Create(new DirectorOptions { ConnectionCapacity = capacity }), _network, _network, _time);
        Assert.Empty(director.Services.Apply([new VirtualServerSpec(IpProtocol.Tcp, Vip, 80, scheduler, persistence, [.. FiveServers.Reverse()])]).Errors);
        return director;
    }

    private void ApplyFive(string scheduler, PersistenceSpec? persistence = null) =>
        Assert.Empty(_director.Services.Apply([new VirtualServerSpec(IpProtocol.Tcp, Vip, 80, scheduler, persistence, FiveServers)]).Errors);

    /// <summary>Opens a connection from <paramref name="client"/>:<paramref name="port"/> on the old director; returns the server it chose.</summary>
    private uint Open(uint client, ushort port)
    {
        var syn = FromClient(PacketFactory.Tcp(client, port, Vip, 80, TcpFlags.Syn));
        Assert.Equal(ForwardingAction.Forward, Process(syn, FakeNetwork.ClientSide).Action);
        return PacketFactory.Destination(Ip(syn));
    }

    private static TcpConnectionState StateOf(Director director, uint client, ushort port)
    {
        Assert.True(director.Connections.TryGetInbound(new FlowKey(IpProtocol.Tcp, client, port, Vip, 80), out var id), "the flow is not tracked");
        return director.Connections.Get(id).State;
    }

    [Theory]
    [InlineData("maglev")]
    [InlineData("sh")]
    public void A_fresh_director_picks_up_established_flows_on_the_server_the_first_one_chose(string scheduler)
    {
        ApplyFive(scheduler);
        var chosen = new Dictionary<ushort, uint>();
        for (ushort port = 41000; port < 41040; port++)
        {
            chosen[port] = Open(Client + (uint)(port % 7), port);
        }

        var fresh = Fresh(scheduler);
        foreach (var (port, server) in chosen)
        {
            var ack = FromClient(PacketFactory.Tcp(Client + (uint)(port % 7), port, Vip, 80, TcpFlags.Ack, payloadLength: 200));
            var decision = fresh.Processor.Process(ack, FakeNetwork.ClientSide, PacketMetadata.None);

            Assert.Equal((ForwardingAction.Forward, FakeNetwork.ServerSide), (decision.Action, decision.InterfaceIndex));
            Assert.Equal((server, (ushort)8080), (PacketFactory.Destination(Ip(ack)), PacketFactory.DestinationPort(Ip(ack))));
            AssertChecksumsValid(Ip(ack));
            Assert.Equal(TcpConnectionState.Established, StateOf(fresh, Client + (uint)(port % 7), port));
        }

        Assert.Equal(chosen.Count, fresh.Services.Services.Single().MidflowPickups);
        Assert.Equal(chosen.Count, fresh.Services.Services.Single().ActiveConnections);
        Assert.True(chosen.Values.Distinct().Count() > 1, "every flow went to one server: the test proves nothing");

        // The picked-up entry carries the replies back as the VIP.
        var (firstPort, firstServer) = chosen.First();
        var reply = FromServer(firstServer, PacketFactory.Tcp(firstServer, 8080, Client + (uint)(firstPort % 7), firstPort, TcpFlags.Ack, payloadLength: 100));
        Assert.Equal(ForwardingAction.Forward, fresh.Processor.Process(reply, FakeNetwork.ServerSide, PacketMetadata.None).Action);
        Assert.Equal((Vip, (ushort)80), (PacketFactory.Source(Ip(reply)), PacketFactory.SourcePort(Ip(reply))));
    }

    /// <summary>During a download only the server sends: the pickup must come from its segments.</summary>
    [Theory]
    [InlineData("maglev")]
    [InlineData("sh")]
    public void A_download_is_picked_up_from_the_real_servers_segments(string scheduler)
    {
        ApplyFive(scheduler);
        uint server = Open(Client, 42000);
        var fresh = Fresh(scheduler);

        var data = FromServer(server, PacketFactory.Tcp(server, 8080, Client, 42000, TcpFlags.Ack | TcpFlags.Psh, payloadLength: 1000));
        var decision = fresh.Processor.Process(data, FakeNetwork.ServerSide, PacketMetadata.None);

        Assert.Equal((ForwardingAction.Forward, FakeNetwork.ClientSide), (decision.Action, decision.InterfaceIndex));
        Assert.Equal((Vip, (ushort)80, Client, (ushort)42000),
            (PacketFactory.Source(Ip(data)), PacketFactory.SourcePort(Ip(data)), PacketFactory.Destination(Ip(data)), PacketFactory.DestinationPort(Ip(data))));
        AssertChecksumsValid(Ip(data));
        Assert.Equal(TcpConnectionState.Established, StateOf(fresh, Client, 42000));
        Assert.Equal(1, fresh.Services.Services.Single().MidflowPickups);

        var ack = FromClient(PacketFactory.Tcp(Client, 42000, Vip, 80, TcpFlags.Ack));
        Assert.Equal(ForwardingAction.Forward, fresh.Processor.Process(ack, FakeNetwork.ClientSide, PacketMetadata.None).Action);
        Assert.Equal(server, PacketFactory.Destination(Ip(ack)));
    }

    /// <summary>
    /// A server that drains (weight 0) is skipped by the hash, but its own segment says where its connection lives:
    /// picked up there, since it is the only service that has that server.
    /// </summary>
    [Fact]
    public void A_draining_servers_download_is_picked_up_although_the_hash_now_skips_it()
    {
        ApplyFive("maglev");
        uint server = Open(Client, 42100);
        var fresh = Fresh("maglev");
        var drained = FiveServers.Select(s => s.Address == server ? s with { Weight = 0 } : s).ToList();
        Assert.Empty(fresh.Services.Apply([new VirtualServerSpec(IpProtocol.Tcp, Vip, 80, "maglev", null, drained)]).Errors);

        var data = FromServer(server, PacketFactory.Tcp(server, 8080, Client, 42100, TcpFlags.Ack, payloadLength: 500));
        Assert.Equal(ForwardingAction.Forward, fresh.Processor.Process(data, FakeNetwork.ServerSide, PacketMetadata.None).Action);

        var ack = FromClient(PacketFactory.Tcp(Client, 42100, Vip, 80, TcpFlags.Ack));
        Assert.Equal(ForwardingAction.Forward, fresh.Processor.Process(ack, FakeNetwork.ClientSide, PacketMetadata.None).Action);
        Assert.Equal(server, PacketFactory.Destination(Ip(ack)));
    }

    [Theory]
    [InlineData("rr")]
    [InlineData("wrr")]
    [InlineData("lc")]
    [InlineData("wlc")]
    public void Stateful_schedulers_drop_a_segment_of_an_unknown_flow_and_pick_up_nothing(string scheduler)
    {
        ApplyFive(scheduler);
        uint server = Open(Client, 43000);
        var fresh = Fresh(scheduler);

        var ack = FromClient(PacketFactory.Tcp(Client, 43000, Vip, 80, TcpFlags.Ack, payloadLength: 10));
        Assert.Equal(ForwardingDecision.Dropped(DropReason.NotSynForNewConnection), fresh.Processor.Process(ack, FakeNetwork.ClientSide, PacketMetadata.None));
        var data = FromServer(server, PacketFactory.Tcp(server, 8080, Client, 43000, TcpFlags.Ack, payloadLength: 10));
        Assert.Equal(ForwardingDecision.Ignore, fresh.Processor.Process(data, FakeNetwork.ServerSide, PacketMetadata.None));

        Assert.Equal(0, fresh.Connections.Count);
        Assert.Equal(0, fresh.Services.Services.Single().MidflowPickups);
    }

    /// <summary>A reset ends the flow: it is forwarded where the hash says, both ways, but leaves no entry behind.</summary>
    [Fact]
    public void A_reset_of_an_unknown_flow_is_forwarded_by_the_hash_and_not_tracked()
    {
        ApplyFive("maglev");
        uint server = Open(Client, 44000);
        var fresh = Fresh("maglev");

        var reset = FromClient(PacketFactory.Tcp(Client, 44000, Vip, 80, TcpFlags.Rst | TcpFlags.Ack));
        Assert.Equal(ForwardingAction.Forward, fresh.Processor.Process(reset, FakeNetwork.ClientSide, PacketMetadata.None).Action);
        Assert.Equal((server, (ushort)8080), (PacketFactory.Destination(Ip(reset)), PacketFactory.DestinationPort(Ip(reset))));
        AssertChecksumsValid(Ip(reset));

        var serverReset = FromServer(server, PacketFactory.Tcp(server, 8080, Client, 44000, TcpFlags.Rst));
        Assert.Equal(ForwardingAction.Forward, fresh.Processor.Process(serverReset, FakeNetwork.ServerSide, PacketMetadata.None).Action);
        Assert.Equal((Vip, (ushort)80), (PacketFactory.Source(Ip(serverReset)), PacketFactory.SourcePort(Ip(serverReset))));

        Assert.Equal(0, fresh.Connections.Count);
        Assert.Equal(0, fresh.Services.Services.Single().MidflowPickups);
    }

    /// <summary>A closing flow is tracked in CLOSE (ipvs's 10 s), so the rest of the close gets through and the entry goes soon.</summary>
    [Fact]
    public void A_fin_of_an_unknown_flow_is_tracked_in_close_and_expires_quickly()
    {
        ApplyFive("maglev");
        uint server = Open(Client, 45000);
        var fresh = Fresh("maglev");

        var fin = FromClient(PacketFactory.Tcp(Client, 45000, Vip, 80, TcpFlags.Fin | TcpFlags.Ack));
        Assert.Equal(ForwardingAction.Forward, fresh.Processor.Process(fin, FakeNetwork.ClientSide, PacketMetadata.None).Action);
        Assert.Equal(server, PacketFactory.Destination(Ip(fin)));
        Assert.Equal(TcpConnectionState.Close, StateOf(fresh, Client, 45000));

        _time.Advance(ConnectionTimeouts.Default.TcpClose + TimeSpan.FromSeconds(1));
        fresh.Connections.Expire();
        Assert.Equal(0, fresh.Connections.Count);
    }

    /// <summary>A flood of unknown ACKs can only fill the table: beyond its capacity each is a counted drop.</summary>
    [Fact]
    public void Pickups_stop_at_the_table_capacity()
    {
        var fresh = Fresh("maglev", capacity: 8);
        var decisions = Enumerable.Range(0, 20)
            .Select(i => fresh.Processor.Process(FromClient(PacketFactory.Tcp(Client, (ushort)(46000 + i), Vip, 80, TcpFlags.Ack)), FakeNetwork.ClientSide, PacketMetadata.None))
            .ToList();

        Assert.Equal(8, decisions.Count(d => d.Action == ForwardingAction.Forward));
        Assert.Equal(12, decisions.Count(d => d == ForwardingDecision.Dropped(DropReason.ConnectionTableFull)));
        Assert.Equal(8, fresh.Connections.Count);
    }

    /// <summary>
    /// With persistence every connection of a client goes where its first one went. A fresh director has no templates:
    /// a later connection picked up first must still find that server, so templates are scheduled by the client's
    /// network, not by whichever of its connections came first.
    /// </summary>
    [Fact]
    public void With_persistence_a_pickup_goes_where_the_clients_network_is_bound()
    {
        var persistence = new PersistenceSpec(TimeSpan.FromMinutes(5));
        ApplyFive("maglev", persistence);
        var clients = Enumerable.Range(0, 12).Select(i => Client + (uint)(i * 3)).ToList();
        var bound = clients.ToDictionary(c => c, c => Open(c, 47000));
        foreach (var client in clients)
        {
            Assert.Equal(bound[client], Open(client, 47001)); // sticky on the old director
        }

        var fresh = Fresh("maglev", persistence);
        foreach (var client in clients)
        {
            var ack = FromClient(PacketFactory.Tcp(client, 47001, Vip, 80, TcpFlags.Ack, payloadLength: 50));
            Assert.Equal(ForwardingAction.Forward, fresh.Processor.Process(ack, FakeNetwork.ClientSide, PacketMetadata.None).Action);
            Assert.Equal(bound[client], PacketFactory.Destination(Ip(ack)));
        }

        Assert.True(bound.Values.Distinct().Count() > 1, "every client went to one server: the test proves nothing");
    }
}
