using LvsOperator.Dataplane.Forwarding;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Tests.Packets;

namespace LvsOperator.Dataplane.Tests.Forwarding;

/// <summary>What a router must not forward although it names a VIP (the socket-level proof is in HostileFrameTests).</summary>
public sealed partial class PacketProcessorTests
{
    private ForwardingDecision ProcessSyn(uint source, in PacketMetadata metadata, ushort? inFrameVlan = null)
    {
        var frame = PacketFactory.Ethernet(
            FakeNetwork.DirectorClientMac, FakeNetwork.ClientMac, EtherType.Ipv4, PacketFactory.Tcp(source, 40000, Vip, 80, TcpFlags.Syn), inFrameVlan);
        return _director.Processor.Process(frame, FakeNetwork.ClientSide, metadata);
    }

    [Fact]
    public void A_frame_of_another_vlan_is_dropped_whether_the_kernel_took_the_tag_off_or_not()
    {
        Assert.Equal(ForwardingDecision.Dropped(DropReason.VlanTagged), ProcessSyn(Client, new PacketMetadata(false, 0, VlanId: 100)));
        Assert.Equal(ForwardingDecision.Dropped(DropReason.VlanTagged), ProcessSyn(Client, PacketMetadata.None, inFrameVlan: 100));

        // VID 0 is a priority tag: the kernel treats the frame as untagged, so does the director.
        Assert.Equal(ForwardingAction.Forward, ProcessSyn(Client, new PacketMetadata(false, 0, VlanId: 0)).Action);
        Assert.Equal(1, _director.Connections.Count);
    }

    [Theory]
    [InlineData(LinkPacketType.OtherHost, DropReason.OtherHost)]
    [InlineData(LinkPacketType.Broadcast, DropReason.LinkLayerBroadcast)]
    [InlineData(LinkPacketType.Multicast, DropReason.LinkLayerBroadcast)]
    public void A_frame_not_addressed_to_the_director_is_dropped(LinkPacketType type, DropReason reason)
    {
        Assert.Equal(ForwardingDecision.Dropped(reason), ProcessSyn(Client, new PacketMetadata(false, 0, type)));
        Assert.Equal(0, _director.Connections.Count);
    }

    [Fact]
    public void Another_hosts_traffic_seen_by_a_promiscuous_tap_is_not_counted_as_a_drop()
    {
        var other = FromClient(PacketFactory.Tcp(Client, 40000, 0xC612_0032, 80, TcpFlags.Syn));
        Assert.Equal(ForwardingDecision.Ignore, _director.Processor.Process(other, FakeNetwork.ClientSide, new PacketMetadata(false, 0, LinkPacketType.OtherHost)));
    }

    [Fact]
    public void A_broadcast_arp_request_is_answered_but_not_one_for_another_host_or_vlan()
    {
        var broadcast = new PacketMetadata(false, 0, LinkPacketType.Broadcast);
        Assert.Equal(ForwardingAction.Reply, _director.Processor.Process(ArpRequest(Vip), FakeNetwork.ClientSide, broadcast).Action);
        Assert.Equal(
            ForwardingDecision.Dropped(DropReason.OtherHost),
            _director.Processor.Process(ArpRequest(Vip), FakeNetwork.ClientSide, new PacketMetadata(false, 0, LinkPacketType.OtherHost)));
        Assert.Equal(
            ForwardingDecision.Dropped(DropReason.VlanTagged),
            _director.Processor.Process(ArpRequest(Vip), FakeNetwork.ClientSide, broadcast with { VlanId = 7 }));
    }

    [Theory]
    [InlineData(0x0000_0000u)] // 0.0.0.0
    [InlineData(0x00FF_0001u)] // 0.255.0.1
    [InlineData(0x7F00_0001u)] // 127.0.0.1
    [InlineData(0x7F12_3456u)] // 127.18.52.86
    [InlineData(0xE000_0005u)] // 224.0.0.5
    [InlineData(0xEFFF_FFFAu)] // 239.255.255.250
    [InlineData(0xF000_0001u)] // 240.0.0.1
    [InlineData(0xFFFF_FFFFu)] // limited broadcast
    [InlineData(Vip)]
    [InlineData(FakeNetwork.DirectorClientAddress)]
    [InlineData(FakeNetwork.DirectorServerAddress)]
    public void A_martian_source_is_dropped(uint source)
    {
        Assert.Equal(ForwardingDecision.Dropped(DropReason.MartianSource), ProcessSyn(source, PacketMetadata.None));
        Assert.Equal(0, _director.Connections.Count);
    }

    [Theory]
    [InlineData(0x0100_0001u)] // 1.0.0.1
    [InlineData(0x7E00_0001u)] // 126.0.0.1
    [InlineData(0x8000_0001u)] // 128.0.0.1
    [InlineData(0xDFFF_FFFEu)] // 223.255.255.254
    [InlineData(0xC612_0003u)] // 198.18.0.3, a neighbour of the director's own address
    public void An_ordinary_source_next_to_the_martian_ranges_is_forwarded(uint source)
    {
        Assert.Equal(ForwardingAction.Forward, ProcessSyn(source, PacketMetadata.None).Action);
    }

    [Fact]
    public void A_ping_from_a_martian_source_is_not_answered()
    {
        var echo = new byte[8];
        echo[0] = IcmpType.EchoRequest;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(2), InternetChecksum.Compute(echo));
        var frame = FromClient(PacketFactory.Ipv4(IpProtocol.Icmp, 0x7F00_0001, Vip, echo));

        Assert.Equal(ForwardingDecision.Dropped(DropReason.MartianSource), Process(frame, FakeNetwork.ClientSide));
    }
}
