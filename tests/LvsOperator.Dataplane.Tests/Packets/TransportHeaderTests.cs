using System.Buffers.Binary;
using LvsOperator.Dataplane.Packets;
using static LvsOperator.Dataplane.Tests.Packets.PacketFactory;

namespace LvsOperator.Dataplane.Tests.Packets;

public sealed class TransportHeaderTests
{
    [Fact]
    public void Tcp_fields_flags_and_payload_are_read()
    {
        var packet = Tcp(ClientAddress, 40000, Vip, 443, TcpFlags.Syn | TcpFlags.Ece | TcpFlags.Cwr, payloadLength: 5, tcpOptionsLength: 20);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(24), 0x01020304);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(28), 0xA0B0C0D0);

        Assert.True(TcpHeader.TryParse(packet.AsSpan(20), out var tcp, out var reason));

        Assert.Equal(DropReason.None, reason);
        Assert.Equal(40000, tcp.SourcePort);
        Assert.Equal(443, tcp.DestinationPort);
        Assert.Equal(0x01020304u, tcp.SequenceNumber);
        Assert.Equal(0xA0B0C0D0u, tcp.AcknowledgmentNumber);
        Assert.Equal(40, tcp.HeaderLength);
        Assert.True(tcp.IsSyn);
        Assert.False(tcp.IsAck);
        Assert.False(tcp.IsFin);
        Assert.False(tcp.IsRst);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ece | TcpFlags.Cwr, tcp.Flags);
        Assert.Equal(5, tcp.Payload.Length);
    }

    [Fact]
    public void Tcp_truncations_and_bad_data_offsets_are_refused()
    {
        var segment = Tcp(ClientAddress, 1, Vip, 2, TcpFlags.Ack, payloadLength: 3, tcpOptionsLength: 8).AsSpan(20).ToArray();
        for (var length = 0; length < segment.Length; length++)
        {
            var parsed = TcpHeader.TryParse(segment.AsSpan(0, length), out _, out var reason);
            Assert.Equal(length >= 28, parsed); // options are part of the header; data may be cut by the IP length
            Assert.Equal(length < 20 ? DropReason.TruncatedTcp : length < 28 ? DropReason.BadTcpHeaderLength : DropReason.None, reason);
        }

        foreach (var offset in new byte[] { 0, 4, 0xF })
        {
            segment[12] = (byte)(offset << 4);
            Assert.False(TcpHeader.TryParse(segment, out _, out var reason));
            Assert.Equal(DropReason.BadTcpHeaderLength, reason);
        }
    }

    [Fact]
    public void Udp_fields_are_read_and_cut_to_the_udp_length()
    {
        var packet = Udp(ClientAddress, 5353, Vip, 53, payloadLength: 12);
        var padded = new byte[packet.Length + 6];
        packet.CopyTo(padded, 0);

        Assert.True(UdpHeader.TryParse(padded.AsSpan(20), out var udp, out _));

        Assert.Equal(5353, udp.SourcePort);
        Assert.Equal(53, udp.DestinationPort);
        Assert.Equal(20, udp.Length);
        Assert.Equal(12, udp.Payload.Length);
        Assert.Equal(TransportChecksum(packet), udp.Checksum);
    }

    [Fact]
    public void Udp_truncations_and_bad_lengths_are_refused()
    {
        var datagram = Udp(ClientAddress, 1, Vip, 2, payloadLength: 4).AsSpan(20).ToArray();
        for (var length = 0; length < datagram.Length; length++)
        {
            Assert.False(UdpHeader.TryParse(datagram.AsSpan(0, length), out _, out var reason));
            Assert.Equal(length < 8 ? DropReason.TruncatedUdp : DropReason.BadUdpLength, reason);
        }

        foreach (var bad in new ushort[] { 0, 7, 13, 0xFFFF })
        {
            BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(4), bad);
            Assert.False(UdpHeader.TryParse(datagram, out _, out var reason));
            Assert.Equal(DropReason.BadUdpLength, reason);
        }
    }
}
