using System.Buffers.Binary;
using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Tests.Packets;

public sealed class ArpPacketTests
{
    private static readonly MacAddress Director = MacAddress.Parse("02:00:00:00:00:01");
    private static readonly MacAddress Client = MacAddress.Parse("02:00:00:00:00:02");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Request_for_our_address_becomes_the_reply_in_place(bool tagged)
    {
        var frame = Request(Client, PacketFactory.ClientAddress, PacketFactory.Vip, tagged ? (ushort)7 : null);
        Assert.True(EthernetFrame.TryParse(frame, out var asked, out _));
        Assert.True(ArpPacket.TryParse(asked.Payload, out var request, out _));
        Assert.True(request.IsRequest);
        Assert.Equal(PacketFactory.Vip, request.TargetAddress);

        var length = ArpPacket.WriteReplyInPlace(frame, Director);

        Assert.Equal(60, length);
        Assert.True(EthernetFrame.TryParse(frame.AsSpan(0, length), out var ethernet, out _));
        Assert.Equal(Client, ethernet.Destination);
        Assert.Equal(Director, ethernet.Source);
        Assert.Equal(tagged ? 7 : 0, ethernet.VlanId);
        Assert.True(ArpPacket.TryParse(ethernet.Payload, out var reply, out _));
        Assert.Equal(ArpPacket.OperationReply, reply.Operation);
        Assert.Equal(Director, reply.SenderMac);
        Assert.Equal(PacketFactory.Vip, reply.SenderAddress);
        Assert.Equal(Client, reply.TargetMac);
        Assert.Equal(PacketFactory.ClientAddress, reply.TargetAddress);
        Assert.All(frame.AsSpan(ethernet.HeaderLength + 28, length - ethernet.HeaderLength - 28).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_reply_is_not_answered()
    {
        var frame = Request(Client, PacketFactory.ClientAddress, PacketFactory.Vip, null);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14 + 6), ArpPacket.OperationReply);

        Assert.Equal(0, ArpPacket.WriteReplyInPlace(frame, Director));
    }

    [Fact]
    public void Gratuitous_arp_announces_the_address_to_everyone()
    {
        var frame = new byte[100];

        var length = ArpPacket.WriteGratuitous(frame, Director, PacketFactory.Vip);

        Assert.Equal(60, length);
        Assert.True(EthernetFrame.TryParse(frame.AsSpan(0, length), out var ethernet, out _));
        Assert.Equal(MacAddress.Broadcast, ethernet.Destination);
        Assert.Equal(EtherType.Arp, ethernet.EtherType);
        Assert.True(ArpPacket.TryParse(ethernet.Payload, out var arp, out _));
        Assert.True(arp.IsGratuitous);
        Assert.True(arp.IsRequest);
        Assert.Equal(Director, arp.SenderMac);
        Assert.Equal(PacketFactory.Vip, arp.SenderAddress);
        Assert.Equal(0, ArpPacket.WriteGratuitous(new byte[59], Director, PacketFactory.Vip));
    }

    [Theory]
    [InlineData(1, 6)]    // hardware type IEEE 802
    [InlineData(3, 0xDD)] // protocol type
    [InlineData(4, 8)]    // hardware length
    [InlineData(5, 16)]   // protocol length
    [InlineData(7, 9)]    // operation
    public void Non_ethernet_ipv4_arp_is_unsupported(int offset, byte value)
    {
        var frame = Request(Client, PacketFactory.ClientAddress, PacketFactory.Vip, null);
        frame[14 + offset] = value;

        Assert.False(ArpPacket.TryParse(frame.AsSpan(14), out _, out var reason));
        Assert.Equal(DropReason.UnsupportedArp, reason);
    }

    [Fact]
    public void Truncated_arp_is_refused()
    {
        var frame = Request(Client, PacketFactory.ClientAddress, PacketFactory.Vip, null);
        for (var length = 0; length < 28; length++)
        {
            Assert.False(ArpPacket.TryParse(frame.AsSpan(14, length), out _, out var reason));
            Assert.Equal(DropReason.TruncatedArp, reason);
        }
    }

    /// <summary>An ARP request as a host sends it: 42 bytes, no padding (veth delivers it so).</summary>
    private static byte[] Request(MacAddress senderMac, uint sender, uint target, ushort? vlan)
    {
        var frame = PacketFactory.Ethernet(MacAddress.Broadcast, senderMac, EtherType.Arp, PacketFactory.ArpRequest(senderMac, sender, target), vlan);
        var buffer = new byte[64]; // a receive buffer with room to pad in, holding garbage the reply must clear
        buffer.AsSpan().Fill(0xEE);
        frame.CopyTo(buffer, 0);
        return buffer;
    }
}
