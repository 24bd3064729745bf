using System.Buffers.Binary;
using LvsOperator.Dataplane.Forwarding;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Services;
using LvsOperator.Dataplane.Tests.Packets;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Dataplane.Tests.Forwarding;

/// <summary>
/// A standby director has the VIP's services programmed but does not own the VIP: it answers no ARP or ping for it,
/// forwards none of its traffic either way, and starts doing all of that the moment the VIP is owned.
/// </summary>
public sealed class PacketProcessorOwnershipTests
{
    private const uint Client = 0xC612_0002;  // 198.18.0.2
    private const uint Vip = 0xC612_0064;     // 198.18.0.100
    private const uint Other = 0xC612_0065;   // 198.18.0.101
    private const uint Rs1 = 0xC612_010B;     // 198.18.1.11
    private readonly FakeNetwork _network = new();
    private readonly Director _director;

    public PacketProcessorOwnershipTests()
    {
        _director = new Director(Options.Create(new DirectorOptions { ConnectionCapacity = 1024 }), _network, _network, new FakeTimeProvider());
        var changes = _director.Services.Apply(
        [
            new VirtualServerSpec(IpProtocol.Tcp, Vip, 80, "maglev", null, [new RealServerSpec(Rs1, 8080, 1)]),
            new VirtualServerSpec(IpProtocol.Tcp, Other, 80, "maglev", null, [new RealServerSpec(Rs1, 8081, 1)]),
        ]);
        Assert.Empty(changes.Errors);
    }

    [Fact]
    public void Every_vip_is_owned_until_an_owned_set_is_given()
    {
        Assert.True(_director.Services.IsOwnedVip(Vip));
        Assert.Equal(ForwardingAction.Reply, Process(ArpRequest(Vip), FakeNetwork.ClientSide).Action);
        Assert.Equal(ForwardingAction.Forward, Process(Syn(Vip, 40000), FakeNetwork.ClientSide).Action);
    }

    [Fact]
    public void A_standby_answers_no_arp_or_ping_and_forwards_nothing_for_a_vip_it_does_not_own()
    {
        _director.Services.SetOwnedVips([Other]);

        Assert.False(_director.Services.IsOwnedVip(Vip));
        Assert.True(_director.Services.IsVip(Vip));
        Assert.Equal(ForwardingAction.Ignore, Process(ArpRequest(Vip), FakeNetwork.ClientSide).Action);
        Assert.Equal(ForwardingAction.Ignore, Process(Ping(Vip), FakeNetwork.ClientSide).Action);
        Assert.Equal(ForwardingAction.Ignore, Process(Syn(Vip, 40000), FakeNetwork.ClientSide).Action);
        Assert.Equal(0, _director.Connections.Count);

        // The VIP it does own works as before.
        Assert.Equal(ForwardingAction.Reply, Process(ArpRequest(Other), FakeNetwork.ClientSide).Action);
        Assert.Equal(ForwardingAction.Forward, Process(Syn(Other, 40000), FakeNetwork.ClientSide).Action);
    }

    [Fact]
    public void A_director_that_lost_the_vip_leaves_the_replies_of_its_old_connections_to_the_kernel()
    {
        Assert.Equal(ForwardingAction.Forward, Process(Syn(Vip, 40000), FakeNetwork.ClientSide).Action);
        var reply = FromServer(PacketFactory.Tcp(Rs1, 8080, Client, 40000, TcpFlags.Syn | TcpFlags.Ack));

        _director.Services.SetOwnedVips([]);

        Assert.Equal(ForwardingAction.Ignore, Process(reply, FakeNetwork.ServerSide).Action);
        Assert.Equal(Rs1, PacketFactory.Source(reply.AsSpan(EthernetFrame.UntaggedHeaderLength))); // untouched
        Assert.Equal(1, _director.Connections.Count); // kept: a takeover back finds it

        _director.Services.SetOwnedVips([Vip]);

        Assert.Equal(ForwardingAction.Forward, Process(reply, FakeNetwork.ServerSide).Action);
        Assert.Equal(Vip, PacketFactory.Source(reply.AsSpan(EthernetFrame.UntaggedHeaderLength)));
    }

    [Fact]
    public void A_service_added_later_takes_the_ownership_of_its_vip()
    {
        _director.Services.SetOwnedVips([Other]);
        const uint Third = 0xC612_0066;
        _director.Services.Apply(
        [
            new VirtualServerSpec(IpProtocol.Tcp, Vip, 80, "maglev", null, [new RealServerSpec(Rs1, 8080, 1)]),
            new VirtualServerSpec(IpProtocol.Tcp, Other, 443, "maglev", null, [new RealServerSpec(Rs1, 8443, 1)]),
            new VirtualServerSpec(IpProtocol.Tcp, Third, 80, "maglev", null, [new RealServerSpec(Rs1, 8082, 1)]),
        ]);

        var owned = _director.Services.Services.Where(s => s.IsOwned).Select(s => s.Key.ToString()).ToArray();
        Assert.Equal([new VirtualServiceKey(IpProtocol.Tcp, Other, 443).ToString()], owned);
        Assert.False(_director.Services.IsOwnedVip(Third));

        _director.Services.SetOwnedVips(null);

        Assert.All(_director.Services.Services, s => Assert.True(s.IsOwned));
    }

    private ForwardingDecision Process(byte[] frame, int ingress) => _director.Processor.Process(frame, ingress, PacketMetadata.None);

    private static byte[] Syn(uint vip, ushort clientPort) =>
        PacketFactory.Ethernet(FakeNetwork.DirectorClientMac, FakeNetwork.ClientMac, EtherType.Ipv4, PacketFactory.Tcp(Client, clientPort, vip, 80, TcpFlags.Syn));

    private static byte[] FromServer(byte[] ipPacket) =>
        PacketFactory.Ethernet(FakeNetwork.DirectorServerMac, FakeNetwork.MacOf(Rs1), EtherType.Ipv4, ipPacket);

    private static byte[] Ping(uint vip)
    {
        var echo = new byte[16];
        echo[0] = IcmpType.EchoRequest;
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(2), InternetChecksum.Compute(echo));
        return PacketFactory.Ethernet(FakeNetwork.DirectorClientMac, FakeNetwork.ClientMac, EtherType.Ipv4, PacketFactory.Ipv4(IpProtocol.Icmp, Client, vip, echo));
    }

    private static byte[] ArpRequest(uint target)
    {
        var arp = new byte[28];
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);
        BinaryPrimitives.WriteUInt16BigEndian(arp.AsSpan(2), EtherType.Ipv4);
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp.AsSpan(6), ArpPacket.OperationRequest);
        FakeNetwork.ClientMac.Write(arp.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(arp.AsSpan(14), Client);
        BinaryPrimitives.WriteUInt32BigEndian(arp.AsSpan(24), target);
        return PacketFactory.Ethernet(MacAddress.Broadcast, FakeNetwork.ClientMac, EtherType.Arp, arp, padding: 18);
    }
}
