using System.Buffers.Binary;
using LvsOperator.Dataplane.Packets;
using static LvsOperator.Dataplane.Tests.Packets.PacketFactory;

namespace LvsOperator.Dataplane.Tests.Packets;

public sealed class IcmpErrorNatTests
{
    private const uint Router = 0xC612_0AFE;

    [Theory]
    [InlineData(IpProtocol.Udp, 8, 0)]
    [InlineData(IpProtocol.Udp, 8, 8)]
    [InlineData(IpProtocol.Udp, 100, 0)]
    [InlineData(IpProtocol.Tcp, 8, 0)]
    [InlineData(IpProtocol.Tcp, 20, 4)]
    [InlineData(IpProtocol.Tcp, 61, 0)]
    public void Inbound_error_gives_the_bytes_of_the_error_about_the_real_servers_own_packet(IpProtocol protocol, int quotedTransport, int innerOptions)
    {
        // The reply the real server sent, and what the client saw after SNAT.
        var sent = Transport(protocol, RealAddress, 8080, ClientAddress, 40000, innerOptions);
        var seen = Transport(protocol, Vip, 80, ClientAddress, 40000, innerOptions);
        var arriving = Error(Router, Vip, 3, 4, 1400, seen, quotedTransport);
        var expected = Error(Router, RealAddress, 3, 4, 1400, sent, quotedTransport);

        Assert.True(NatRewriter.RewriteIcmpErrorInbound(arriving, RealAddress, 8080));

        Assert.Equal(expected, arriving);
    }

    [Theory]
    [InlineData(IpProtocol.Udp, 8)]
    [InlineData(IpProtocol.Tcp, 8)]
    [InlineData(IpProtocol.Tcp, 40)]
    public void Outbound_error_gives_the_bytes_of_the_error_about_the_clients_own_packet(IpProtocol protocol, int quotedTransport)
    {
        var sent = Transport(protocol, ClientAddress, 40000, Vip, 80, 0);
        var seen = Transport(protocol, ClientAddress, 40000, RealAddress, 8080, 0);
        var arriving = Error(RealAddress, ClientAddress, 3, 3, 0, seen, quotedTransport);
        var expected = Error(Vip, ClientAddress, 3, 3, 0, sent, quotedTransport);

        Assert.True(NatRewriter.RewriteIcmpErrorOutbound(arriving, Vip, 80));

        Assert.Equal(expected, arriving);
    }

    [Fact]
    public void Quoted_udp_without_checksum_keeps_it_absent()
    {
        var seen = Udp(Vip, 53, ClientAddress, 5353, payloadLength: 12, withChecksum: false);
        var sent = Udp(RealAddress, 5353, ClientAddress, 5353, payloadLength: 12, withChecksum: false);
        var arriving = Error(ClientAddress, Vip, 3, 3, 0, seen, 8);

        Assert.True(NatRewriter.RewriteIcmpErrorInbound(arriving, RealAddress, 5353));

        Assert.Equal(Error(ClientAddress, RealAddress, 3, 3, 0, sent, 8), arriving);
    }

    [Fact]
    public void Non_errors_and_short_quotes_are_refused_untouched()
    {
        var echo = Ipv4(IpProtocol.Icmp, ClientAddress, Vip, Echo(IcmpType.EchoRequest, 7, 16));
        var shortQuote = Error(Router, Vip, 3, 4, 1400, Transport(IpProtocol.Tcp, Vip, 80, ClientAddress, 1, 0), 4);
        var icmpQuote = Error(Router, Vip, 11, 0, 0, Ipv4(IpProtocol.Icmp, Vip, ClientAddress, Echo(0, 1, 8)), 8);

        foreach (var packet in new[] { echo, shortQuote, icmpQuote })
        {
            var before = (byte[])packet.Clone();
            Assert.False(NatRewriter.RewriteIcmpErrorInbound(packet, RealAddress, 1));
            Assert.False(NatRewriter.RewriteIcmpErrorOutbound(packet, Vip, 1));
            Assert.Equal(before, packet);
        }
    }

    internal static byte[] Transport(IpProtocol protocol, uint source, ushort sourcePort, uint destination, ushort destinationPort, int ipOptions) =>
        protocol == IpProtocol.Tcp
            ? Tcp(source, sourcePort, destination, destinationPort, TcpFlags.Ack | TcpFlags.Psh, 1200, 12, ipOptions)
            : Udp(source, sourcePort, destination, destinationPort, 1200, true, ipOptions);

    /// <summary>An ICMP error quoting the header of <paramref name="original"/> and <paramref name="quotedTransport"/> L4 bytes, checksums from scratch.</summary>
    internal static byte[] Error(uint source, uint destination, byte type, byte code, ushort mtu, byte[] original, int quotedTransport)
    {
        var quote = original.AsSpan(0, HeaderLength(original) + quotedTransport);
        var message = new byte[8 + quote.Length];
        message[0] = type;
        message[1] = code;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), mtu);
        quote.CopyTo(message.AsSpan(8));
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), InternetChecksum.Compute(message));
        return Ipv4(IpProtocol.Icmp, source, destination, message, ttl: 60);
    }

    internal static byte[] Echo(byte type, ushort identifier, int dataLength)
    {
        var message = new byte[8 + dataLength];
        new Random(identifier).NextBytes(message.AsSpan(8));
        message[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), identifier);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), 1);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), InternetChecksum.Compute(message));
        return message;
    }
}
