using System.Buffers.Binary;
using LvsOperator.Dataplane.Packets;
using static LvsOperator.Dataplane.Tests.Packets.PacketFactory;

namespace LvsOperator.Dataplane.Tests.Packets;

public sealed class NatRewriterTests
{
    [Theory]
    [InlineData(IpProtocol.Tcp)]
    [InlineData(IpProtocol.Udp)]
    public void Dnat_rewrites_destination_and_keeps_both_checksums_right(IpProtocol protocol)
    {
        var packet = Build(protocol, ClientAddress, 40000, Vip, 80);

        Assert.True(NatRewriter.RewriteDestination(packet, RealAddress, 8080, checksumPartial: false));

        Assert.Equal(RealAddress, Destination(packet));
        Assert.Equal(8080, DestinationPort(packet));
        Assert.Equal(ClientAddress, Source(packet));
        Assert.Equal(40000, SourcePort(packet));
        Assert.Equal(ExpectedIpv4Checksum(packet), Ipv4Checksum(packet));
        Assert.Equal(ExpectedTransportChecksum(packet), TransportChecksum(packet));
    }

    [Theory]
    [InlineData(IpProtocol.Tcp)]
    [InlineData(IpProtocol.Udp)]
    public void Snat_of_a_reply_gives_the_same_bytes_as_the_reply_built_from_the_vip(IpProtocol protocol)
    {
        var reply = Build(protocol, RealAddress, 8080, ClientAddress, 40000);
        var expected = Build(protocol, Vip, 80, ClientAddress, 40000);

        Assert.True(NatRewriter.RewriteSource(reply, Vip, 80, checksumPartial: false));

        Assert.Equal(expected, reply);
    }

    [Fact]
    public void Absent_udp_checksum_stays_absent()
    {
        var packet = Udp(ClientAddress, 5353, Vip, 53, payloadLength: 30, withChecksum: false);

        Assert.True(NatRewriter.RewriteDestination(packet, RealAddress, 5353, checksumPartial: false));

        Assert.Equal(0, TransportChecksum(packet));
        Assert.Equal(ExpectedIpv4Checksum(packet), Ipv4Checksum(packet));
    }

    [Fact]
    public void Udp_checksum_that_becomes_zero_is_sent_as_all_ones()
    {
        // Search a source port for which the rewritten datagram's checksum computes to zero.
        for (var port = 0; port < 0x10000; port++)
        {
            var packet = Udp(ClientAddress, (ushort)port, Vip, 53, payloadLength: 4);
            var probe = (byte[])packet.Clone();
            BinaryPrimitives.WriteUInt32BigEndian(probe.AsSpan(16), RealAddress);
            BinaryPrimitives.WriteUInt16BigEndian(probe.AsSpan(26), 0);
            if (InternetChecksum.ComputeTransport(ClientAddress, RealAddress, IpProtocol.Udp, probe.AsSpan(20)) != 0)
            {
                continue;
            }

            Assert.True(NatRewriter.RewriteDestination(packet, RealAddress, 53, checksumPartial: false));
            Assert.Equal(0xFFFF, TransportChecksum(packet));
            return;
        }

        Assert.Fail("no port gives a zero checksum");
    }

    [Theory]
    [InlineData(IpProtocol.Tcp, true)]
    [InlineData(IpProtocol.Tcp, false)]
    [InlineData(IpProtocol.Udp, true)]
    [InlineData(IpProtocol.Udp, false)]
    public void Partial_checksum_is_completed_by_the_device_to_the_right_value(IpProtocol protocol, bool destination)
    {
        var packet = Build(protocol, ClientAddress, 40000, Vip, 80, payload: 333);
        MakeChecksumPartial(packet);
        var seed = TransportChecksum(packet);

        var rewritten = destination
            ? NatRewriter.RewriteDestination(packet, RealAddress, 8080, checksumPartial: true)
            : NatRewriter.RewriteSource(packet, RealAddress, 8080, checksumPartial: true);

        Assert.True(rewritten);
        Assert.NotEqual(seed, TransportChecksum(packet));
        CompleteChecksumLikeDevice(packet);
        Assert.Equal(ExpectedTransportChecksum(packet), TransportChecksum(packet));
        Assert.Equal(ExpectedIpv4Checksum(packet), Ipv4Checksum(packet));
    }

    [Fact]
    public void Partial_mode_does_not_fold_the_port_into_the_seed()
    {
        var packet = Build(IpProtocol.Tcp, ClientAddress, 40000, Vip, 80);
        MakeChecksumPartial(packet);
        var seed = TransportChecksum(packet);

        Assert.True(NatRewriter.RewriteDestination(packet, Vip, 8080, checksumPartial: true));

        Assert.Equal(seed, TransportChecksum(packet));
    }

    [Fact]
    public void Icmp_and_short_packets_are_not_rewritten()
    {
        var icmp = Ipv4(IpProtocol.Icmp, ClientAddress, Vip, new byte[16]);
        var before = (byte[])icmp.Clone();

        Assert.False(NatRewriter.RewriteDestination(icmp, RealAddress, 1, checksumPartial: false));
        Assert.Equal(before, icmp);
        Assert.False(NatRewriter.RewriteDestination(Build(IpProtocol.Tcp, ClientAddress, 1, Vip, 2).AsSpan(0, 37), RealAddress, 1, false));
        Assert.False(NatRewriter.RewriteSource([], RealAddress, 1, false));
    }

    [Fact]
    public void DecrementTtl_updates_the_checksum_and_refuses_to_reach_zero()
    {
        var packet = Build(IpProtocol.Tcp, ClientAddress, 1, Vip, 2);
        packet[8] = 2;
        FixIpv4Checksum(packet);

        Assert.True(NatRewriter.DecrementTtl(packet));
        Assert.Equal(1, packet[8]);
        Assert.Equal(ExpectedIpv4Checksum(packet), Ipv4Checksum(packet));

        var before = (byte[])packet.Clone();
        Assert.False(NatRewriter.DecrementTtl(packet));
        Assert.Equal(before, packet);
    }

    private static byte[] Build(IpProtocol protocol, uint source, ushort sourcePort, uint destination, ushort destinationPort, int payload = 20) =>
        protocol == IpProtocol.Tcp
            ? Tcp(source, sourcePort, destination, destinationPort, TcpFlags.Ack, payload)
            : Udp(source, sourcePort, destination, destinationPort, payload);
}
