using System.Buffers.Binary;
using LvsOperator.Dataplane.Forwarding;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Services;
using LvsOperator.Dataplane.Tests.Connections;
using LvsOperator.Dataplane.Tests.Packets;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Dataplane.Tests.Forwarding;

public sealed partial class PacketProcessorTests
{
    private const uint Client = 0xC612_0002;  // 198.18.0.2
    private const uint Vip = 0xC612_0064;     // 198.18.0.100
    private const uint Rs1 = 0xC612_010B;     // 198.18.1.11
    private const uint Rs2 = 0xC612_010C;     // 198.18.1.12
    private readonly FakeTimeProvider _time = new();
    private readonly FakeNetwork _network = new();
    private readonly Director _director;

    public PacketProcessorTests()
    {
        _director = new Director(Options.Create(new DirectorOptions { ConnectionCapacity = 1024 }), _network, _network, _time);
        Apply("rr", new RealServerSpec(Rs1, 8080, 1), new RealServerSpec(Rs2, 8080, 1));
    }

    private void Apply(string scheduler, params RealServerSpec[] servers)
    {
        var changes = _director.Services.Apply(
        [
            new VirtualServerSpec(IpProtocol.Tcp, Vip, 80, scheduler, null, servers),
            new VirtualServerSpec(IpProtocol.Udp, Vip, 53, scheduler, null, servers.Select(s => s with { Port = 5353 }).ToList()),
        ]);
        Assert.Empty(changes.Errors);
    }

    private static byte[] FromClient(byte[] ipPacket) =>
        PacketFactory.Ethernet(FakeNetwork.DirectorClientMac, FakeNetwork.ClientMac, EtherType.Ipv4, ipPacket);

    private static byte[] FromServer(uint server, byte[] ipPacket) =>
        PacketFactory.Ethernet(FakeNetwork.DirectorServerMac, FakeNetwork.MacOf(server), EtherType.Ipv4, ipPacket);

    private ForwardingDecision Process(byte[] frame, int ingress) =>
        _director.Processor.Process(frame, ingress, PacketMetadata.None);

    private static Span<byte> Ip(byte[] frame) => frame.AsSpan(EthernetFrame.UntaggedHeaderLength);

    private static void AssertChecksumsValid(Span<byte> ip)
    {
        Assert.Equal(PacketFactory.ExpectedIpv4Checksum(ip), PacketFactory.Ipv4Checksum(ip));
        Assert.Equal(PacketFactory.ExpectedTransportChecksum(ip), PacketFactory.TransportChecksum(ip));
    }

    [Fact]
    public void Syn_to_the_vip_is_rewritten_to_a_real_server_and_sent_to_its_mac()
    {
        var frame = FromClient(PacketFactory.Tcp(Client, 40000, Vip, 80, TcpFlags.Syn));

        var decision = Process(frame, FakeNetwork.ClientSide);

        Assert.Equal(ForwardingAction.Forward, decision.Action);
        Assert.Equal(FakeNetwork.ServerSide, decision.InterfaceIndex);
        Assert.Equal(frame.Length, decision.Length);
        var ip = Ip(frame);
        Assert.Equal(Rs1, PacketFactory.Destination(ip));
        Assert.Equal(8080, PacketFactory.DestinationPort(ip));
        Assert.Equal(Client, PacketFactory.Source(ip)); // no SNAT: the real server sees the client
        Assert.Equal(63, ip[8]);
        Assert.Equal(FakeNetwork.MacOf(Rs1), MacAddress.Read(frame));
        Assert.Equal(FakeNetwork.DirectorServerMac, MacAddress.Read(frame.AsSpan(6)));
        AssertChecksumsValid(ip);
    }

    [Fact]
    public void The_reply_is_rewritten_back_to_the_vip_and_sent_to_the_client()
    {
        Process(FromClient(PacketFactory.Tcp(Client, 40000, Vip, 80, TcpFlags.Syn)), FakeNetwork.ClientSide);
        var reply = FromServer(Rs1, PacketFactory.Tcp(Rs1, 8080, Client, 40000, TcpFlags.Syn | TcpFlags.Ack));

        var decision = Process(reply, FakeNetwork.ServerSide);

        Assert.Equal((ForwardingAction.Forward, FakeNetwork.ClientSide), (decision.Action, decision.InterfaceIndex));
        var ip = Ip(reply);
        Assert.Equal((Vip, (ushort)80), (PacketFactory.Source(ip), PacketFactory.SourcePort(ip)));
        Assert.Equal(FakeNetwork.ClientMac, MacAddress.Read(reply));
        AssertChecksumsValid(ip);
        Assert.Equal(1, _director.Connections.Count);
    }

    [Fact]
    public void Round_robin_spreads_new_connections_and_keeps_each_flow_on_its_server()
    {
        var seen = new List<uint>();
        for (ushort port = 1000; port < 1010; port++)
        {
            var frame = FromClient(PacketFactory.Tcp(Client, port, Vip, 80, TcpFlags.Syn));
            Process(frame, FakeNetwork.ClientSide);
            seen.Add(PacketFactory.Destination(Ip(frame)));
        }

        Assert.Equal(5, seen.Count(a => a == Rs1));
        Assert.Equal(5, seen.Count(a => a == Rs2));

        var ack = FromClient(PacketFactory.Tcp(Client, 1001, Vip, 80, TcpFlags.Ack, payloadLength: 100));
        Process(ack, FakeNetwork.ClientSide);
        Assert.Equal(seen[1], PacketFactory.Destination(Ip(ack)));
    }

    [Fact]
    public void Udp_is_balanced_and_translated_both_ways()
    {
        var query = FromClient(PacketFactory.Udp(Client, 5000, Vip, 53, payloadLength: 30));
        Assert.Equal(ForwardingAction.Forward, Process(query, FakeNetwork.ClientSide).Action);
        var server = PacketFactory.Destination(Ip(query));
        Assert.Equal(5353, PacketFactory.DestinationPort(Ip(query)));
        AssertChecksumsValid(Ip(query));

        var answer = FromServer(server, PacketFactory.Udp(server, 5353, Client, 5000, payloadLength: 60, withChecksum: false));
        Assert.Equal(ForwardingAction.Forward, Process(answer, FakeNetwork.ServerSide).Action);
        Assert.Equal((Vip, (ushort)53), (PacketFactory.Source(Ip(answer)), PacketFactory.SourcePort(Ip(answer))));
        Assert.Equal(0, PacketFactory.TransportChecksum(Ip(answer))); // absent UDP checksum stays absent
    }

    [Fact]
    public void No_available_real_server_drops_with_a_reason()
    {
        Apply("rr", new RealServerSpec(Rs1, 8080, 0));
        var decision = Process(FromClient(PacketFactory.Tcp(Client, 40000, Vip, 80, TcpFlags.Syn)), FakeNetwork.ClientSide);
        Assert.Equal(ForwardingDecision.Dropped(DropReason.NoRealServer), decision);
    }

    [Fact]
    public void Unresolved_neighbour_holds_the_frame_untouched()
    {
        _network.Unresolved.Add(Rs1);
        var frame = FromClient(PacketFactory.Tcp(Client, 40000, Vip, 80, TcpFlags.Syn));
        var original = frame.ToArray();
        var decision = Process(frame, FakeNetwork.ClientSide);
        Assert.Equal(ForwardingDecision.Hold, decision);
        Assert.Equal(DropReason.NeighbourUnresolved, decision.Reason); // what it counts as if the neighbour never resolves
        Assert.Equal(original, frame);
    }

    [Fact]
    public void Traffic_that_is_not_ours_is_left_to_the_kernel()
    {
        var other = FromClient(PacketFactory.Tcp(Client, 40000, FakeNetwork.DirectorClientAddress, 22, TcpFlags.Syn));
        var original = other.ToArray();
        Assert.Equal(ForwardingDecision.Ignore, Process(other, FakeNetwork.ClientSide));
        Assert.Equal(original, other);

        var otherPort = FromClient(PacketFactory.Tcp(Client, 40000, Vip, 81, TcpFlags.Syn));
        Assert.Equal(ForwardingAction.Ignore, Process(otherPort, FakeNetwork.ClientSide).Action);

        var ipv6 = PacketFactory.Ethernet(FakeNetwork.DirectorClientMac, FakeNetwork.ClientMac, 0x86DD, new byte[40]);
        Assert.Equal(ForwardingAction.Ignore, Process(ipv6, FakeNetwork.ClientSide).Action);
    }

    [Fact]
    public void Malformed_packets_to_the_vip_are_dropped_with_their_reason()
    {
        var packet = PacketFactory.Tcp(Client, 40000, Vip, 80, TcpFlags.Syn);
        packet[10] ^= 0xFF; // break the header checksum
        Assert.Equal(ForwardingDecision.Dropped(DropReason.BadIpv4Checksum), Process(FromClient(packet), FakeNetwork.ClientSide));

        var truncated = FromClient(PacketFactory.Tcp(Client, 40000, Vip, 80, TcpFlags.Syn))[..(14 + 20 + 10)];
        BinaryPrimitives.WriteUInt16BigEndian(truncated.AsSpan(14 + 2), 30);
        PacketFactory.FixIpv4Checksum(truncated.AsSpan(14));
        Assert.Equal(ForwardingAction.Drop, Process(truncated, FakeNetwork.ClientSide).Action);
    }

    [Fact]
    public void Arp_requests_for_the_vip_are_answered_and_others_ignored()
    {
        var request = ArpRequest(Vip);
        var decision = Process(request, FakeNetwork.ClientSide);
        Assert.Equal((ForwardingAction.Reply, FakeNetwork.ClientSide), (decision.Action, decision.InterfaceIndex));
        Assert.True(ArpPacket.TryParse(request.AsSpan(14), out var reply, out _));
        Assert.Equal((ArpPacket.OperationReply, FakeNetwork.DirectorClientMac, Vip), (reply.Operation, reply.SenderMac, reply.SenderAddress));
        Assert.Equal(FakeNetwork.ClientMac, MacAddress.Read(request));

        Assert.Equal(ForwardingAction.Ignore, Process(ArpRequest(FakeNetwork.DirectorClientAddress), FakeNetwork.ClientSide).Action);
    }

    private static byte[] ArpRequest(uint target) =>
        PacketFactory.Ethernet(MacAddress.Broadcast, FakeNetwork.ClientMac, EtherType.Arp, PacketFactory.ArpRequest(FakeNetwork.ClientMac, Client, target), padding: 18);

    [Fact]
    public void Ping_to_the_vip_is_answered_by_the_director()
    {
        var echo = new byte[16];
        echo[0] = IcmpType.EchoRequest;
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(4), 0x1234); // identifier
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(6), 7);      // sequence
        "lvs-ping"u8.CopyTo(echo.AsSpan(8));
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(2), InternetChecksum.Compute(echo));
        var frame = FromClient(PacketFactory.Ipv4(IpProtocol.Icmp, Client, Vip, echo));

        var decision = Process(frame, FakeNetwork.ClientSide);

        Assert.Equal(ForwardingAction.Reply, decision.Action);
        var ip = Ip(frame);
        Assert.Equal((Vip, Client), (PacketFactory.Source(ip), PacketFactory.Destination(ip)));
        Assert.Equal(IcmpType.EchoReply, ip[20]);
        Assert.Equal(0, InternetChecksum.Compute(ip[20..]));
        Assert.Equal(FakeNetwork.ClientMac, MacAddress.Read(frame));
    }

    [Fact]
    public void A_df_packet_larger_than_the_server_side_mtu_gets_frag_needed_back()
    {
        _network.ServerSideMtu = 1000;
        Process(FromClient(PacketFactory.Tcp(Client, 40000, Vip, 80, TcpFlags.Syn)), FakeNetwork.ClientSide);
        var big = FromClient(PacketFactory.Tcp(Client, 40000, Vip, 80, TcpFlags.Ack, payloadLength: 1400));

        var decision = Process(big, FakeNetwork.ClientSide);

        Assert.Equal((ForwardingAction.Reply, FakeNetwork.ClientSide), (decision.Action, decision.InterfaceIndex));
        var ip = big.AsSpan(14, decision.Length - 14);
        Assert.True(Ipv4Header.TryParse(ip, out var header, out _));
        Assert.Equal((FakeNetwork.DirectorClientAddress, Client), (header.SourceAddress, header.DestinationAddress));
        Assert.True(IcmpHeader.TryParse(header.Payload, out var icmp, out _));
        Assert.True(icmp.IsFragmentationNeeded);
        Assert.Equal(1000, icmp.NextHopMtu);
        Assert.True(icmp.TryGetQuotedPacket(out var quoted, out _));
        Assert.Equal((Vip, (ushort)80), (quoted.DestinationAddress, quoted.DestinationPort)); // quotes what the client sent
    }

    /// <summary>A router between director and real server says the client's forwarded packet was too big.</summary>
    private static byte[] FragNeededAbout(byte[] forwardedFrame)
    {
        var router = 0xC612_01FEu;
        var quotedPacket = Ip(forwardedFrame)[..28].ToArray(); // what the router saw: CIP:40000 -> RS1:8080
        var icmp = new byte[8 + quotedPacket.Length];
        icmp[0] = IcmpType.DestinationUnreachable;
        icmp[1] = IcmpType.CodeFragmentationNeeded;
        BinaryPrimitives.WriteUInt16BigEndian(icmp.AsSpan(6), 1000);
        quotedPacket.CopyTo(icmp.AsSpan(8));
        BinaryPrimitives.WriteUInt16BigEndian(icmp.AsSpan(2), InternetChecksum.Compute(icmp));
        return FromServer(router, PacketFactory.Ipv4(IpProtocol.Icmp, router, Client, icmp));
    }

    [Fact]
    public void An_icmp_error_waiting_for_its_neighbour_is_left_untouched_for_the_retry()
    {
        var syn = FromClient(PacketFactory.Tcp(Client, 40000, Vip, 80, TcpFlags.Syn));
        Process(syn, FakeNetwork.ClientSide);
        var error = FragNeededAbout(syn);
        var original = error.ToArray();
        _network.Unresolved.Add(Client);

        Assert.Equal(ForwardingDecision.Hold, Process(error, FakeNetwork.ServerSide));
        Assert.Equal(original, error);

        _network.Unresolved.Clear();
        Assert.Equal(ForwardingAction.Forward, Process(error, FakeNetwork.ServerSide).Action);
        Assert.Equal(Vip, PacketFactory.Source(Ip(error)));
    }

    [Fact]
    public void Frag_needed_from_the_server_side_is_translated_outer_and_inner()
    {
        var syn = FromClient(PacketFactory.Tcp(Client, 40000, Vip, 80, TcpFlags.Syn));
        Process(syn, FakeNetwork.ClientSide);
        var error = FragNeededAbout(syn);

        var decision = Process(error, FakeNetwork.ServerSide);

        Assert.Equal((ForwardingAction.Forward, FakeNetwork.ClientSide), (decision.Action, decision.InterfaceIndex));
        Assert.True(Ipv4Header.TryParse(Ip(error), out var outer, out _));
        Assert.Equal((Vip, Client), (outer.SourceAddress, outer.DestinationAddress));
        Assert.True(IcmpHeader.TryParse(outer.Payload, out var header, out _));
        Assert.Equal(0, InternetChecksum.Compute(header.Message));
        Assert.True(header.TryGetQuotedPacket(out var inner, out _));
        Assert.Equal((Client, (ushort)40000, Vip, (ushort)80), (inner.SourceAddress, inner.SourcePort, inner.DestinationAddress, inner.DestinationPort));
    }

    [Fact]
    public void A_new_syn_on_a_time_wait_connection_is_rescheduled()
    {
        Apply("rr", new RealServerSpec(Rs1, 8080, 1), new RealServerSpec(Rs2, 8080, 1));
        void Send(TcpFlags flags, bool fromClient)
        {
            var frame = fromClient
                ? FromClient(PacketFactory.Tcp(Client, 40000, Vip, 80, flags))
                : FromServer(Rs1, PacketFactory.Tcp(Rs1, 8080, Client, 40000, flags));
            Assert.Equal(ForwardingAction.Forward, Process(frame, fromClient ? FakeNetwork.ClientSide : FakeNetwork.ServerSide).Action);
        }

        Send(TcpFlags.Syn, fromClient: true);
        Send(TcpFlags.Syn | TcpFlags.Ack, fromClient: false);
        Send(TcpFlags.Ack, fromClient: true);
        Send(TcpFlags.Fin | TcpFlags.Ack, fromClient: true);
        Send(TcpFlags.Fin | TcpFlags.Ack, fromClient: false);
        Send(TcpFlags.Ack, fromClient: true);
        Assert.Equal("TIME_WAIT", _director.Connections.ListAll().Single().StateName);

        var again = FromClient(PacketFactory.Tcp(Client, 40000, Vip, 80, TcpFlags.Syn));
        Process(again, FakeNetwork.ClientSide);
        Assert.Equal(Rs2, PacketFactory.Destination(Ip(again))); // rr moved on: the old entry was not reused
    }

    [Fact]
    public void A_syn_whose_replies_would_clash_with_a_time_wait_connection_on_another_vip_port_replaces_it()
    {
        Assert.Empty(_director.Services.Apply(
        [
            new VirtualServerSpec(IpProtocol.Tcp, Vip, 80, "rr", null, [new RealServerSpec(Rs1, 8080, 1)]),
            new VirtualServerSpec(IpProtocol.Tcp, Vip, 81, "rr", null, [new RealServerSpec(Rs1, 8080, 1)]),
        ]).Errors);
        void Send(ushort vport, TcpFlags flags, bool fromClient)
        {
            var frame = fromClient
                ? FromClient(PacketFactory.Tcp(Client, 40000, Vip, vport, flags))
                : FromServer(Rs1, PacketFactory.Tcp(Rs1, 8080, Client, 40000, flags));
            Assert.Equal(ForwardingAction.Forward, Process(frame, fromClient ? FakeNetwork.ClientSide : FakeNetwork.ServerSide).Action);
            if (!fromClient)
            {
                Assert.Equal(vport, PacketFactory.SourcePort(Ip(frame))); // the reply names the VIP port the client used
            }
        }

        Send(80, TcpFlags.Syn, fromClient: true);
        Send(80, TcpFlags.Syn | TcpFlags.Ack, fromClient: false);
        Send(80, TcpFlags.Fin | TcpFlags.Ack, fromClient: true);
        Send(80, TcpFlags.Fin | TcpFlags.Ack, fromClient: false);
        Send(80, TcpFlags.Ack, fromClient: true);

        Send(81, TcpFlags.Syn, fromClient: true);
        Send(81, TcpFlags.Syn | TcpFlags.Ack, fromClient: false);
        Assert.Equal(81, _director.Connections.ListAll().Single().VirtualPort);
    }

    [Fact]
    public void Forwarding_allocates_nothing_per_packet()
    {
        var syn = PacketFactory.Tcp(Client, 40000, Vip, 80, TcpFlags.Syn);
        var data = PacketFactory.Tcp(Client, 40000, Vip, 80, TcpFlags.Ack, payloadLength: 1000);
        var frame = new byte[1600];
        void Run(byte[] ip, ushort port)
        {
            ip.CopyTo(frame.AsSpan(14));
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14 + 20), port);
            Process(frame, FakeNetwork.ClientSide);
        }

        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), EtherType.Ipv4);
        for (ushort port = 1; port < 50; port++)
        {
            Run(syn, port); // warm up JIT and tiering
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (ushort port = 100; port < 600; port++)
        {
            Run(syn, port);
            Run(data, port);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(_director.Connections.Count >= 500);
    }
}
