using LvsOperator.Dataplane.Packets;
using static LvsOperator.Dataplane.Tests.Packets.PacketFactory;

namespace LvsOperator.Dataplane.Tests.Packets;

/// <summary>Seeded random valid packets: every incremental result must equal a from-scratch computation.</summary>
public sealed class NatRewriterPropertyTests
{
    private const int Iterations = 3000;

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void Rewrite_gives_from_scratch_checksums_and_its_inverse_restores_every_byte(int seed, bool destination)
    {
        var random = new Random(seed);
        for (var i = 0; i < Iterations; i++)
        {
            var original = RandomTransport(random);
            var packet = (byte[])original.Clone();
            Assert.True(Ipv4Header.TryParse(packet, out var ip, out _));
            var checksumWasAbsent = ip.Protocol == IpProtocol.Udp && TransportChecksum(packet) == 0;
            var oldAddress = destination ? Destination(packet) : Source(packet);
            var oldPort = destination ? DestinationPort(packet) : SourcePort(packet);
            var newAddress = (uint)random.NextInt64(1, uint.MaxValue);
            var newPort = (ushort)random.Next(0x10000);

            Assert.True(Rewrite(packet, destination, newAddress, newPort, partial: false));

            Assert.Equal(ExpectedIpv4Checksum(packet), Ipv4Checksum(packet));
            Assert.Equal(checksumWasAbsent ? 0 : ExpectedTransportChecksum(packet), TransportChecksum(packet));
            Assert.True(Ipv4Header.TryParse(packet, out _, out _));

            Assert.True(Rewrite(packet, destination, oldAddress, oldPort, partial: false));
            Assert.Equal(original, packet);
        }
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(4, false)]
    public void Partial_seed_rewrite_is_completed_by_the_device_to_the_from_scratch_checksum(int seed, bool destination)
    {
        var random = new Random(seed);
        for (var i = 0; i < Iterations; i++)
        {
            var packet = RandomTransport(random);
            MakeChecksumPartial(packet);
            var partialOriginal = (byte[])packet.Clone();
            var oldAddress = destination ? Destination(packet) : Source(packet);
            var oldPort = destination ? DestinationPort(packet) : SourcePort(packet);

            Assert.True(Rewrite(packet, destination, (uint)random.NextInt64(1, uint.MaxValue), (ushort)random.Next(0x10000), partial: true));
            var rewritten = (byte[])packet.Clone();

            CompleteChecksumLikeDevice(packet);
            Assert.Equal(ExpectedTransportChecksum(packet), TransportChecksum(packet));
            Assert.Equal(ExpectedIpv4Checksum(packet), Ipv4Checksum(packet));

            Assert.True(Rewrite(rewritten, destination, oldAddress, oldPort, partial: true));
            Assert.Equal(partialOriginal, rewritten);
        }
    }

    [Fact]
    public void Icmp_error_nat_equals_the_error_built_about_the_translated_packet()
    {
        var random = new Random(5);
        for (var i = 0; i < 1000; i++)
        {
            var protocol = random.Next(2) == 0 ? IpProtocol.Tcp : IpProtocol.Udp;
            var options = random.Next(11) * 4;
            var quoted = 8 + random.Next(4) switch { 0 => 0, 1 => random.Next(8, 13), _ => random.Next(100) };
            if (protocol == IpProtocol.Tcp && quoted == TcpHeader.ChecksumOffset + 1)
            {
                quoted++; // half a quoted checksum cannot be updated without its other byte (see NatRewriter)
            }
            var vport = (ushort)random.Next(0x10000);
            var rport = (ushort)random.Next(0x10000);
            var cport = (ushort)random.Next(0x10000);
            var rip = (uint)random.NextInt64(1, uint.MaxValue);
            var inbound = random.Next(2) == 0;
            var reporter = (uint)random.NextInt64(1, uint.MaxValue);

            byte[] arriving, expected;
            if (inbound)
            {
                var seen = IcmpErrorNatTests.Transport(protocol, Vip, vport, ClientAddress, cport, options);
                var sent = IcmpErrorNatTests.Transport(protocol, rip, rport, ClientAddress, cport, options);
                arriving = IcmpErrorNatTests.Error(reporter, Vip, 3, 4, 1400, seen, quoted);
                expected = IcmpErrorNatTests.Error(reporter, rip, 3, 4, 1400, sent, quoted);
                Assert.True(NatRewriter.RewriteIcmpErrorInbound(arriving, rip, rport));
            }
            else
            {
                var seen = IcmpErrorNatTests.Transport(protocol, ClientAddress, cport, rip, rport, options);
                var sent = IcmpErrorNatTests.Transport(protocol, ClientAddress, cport, Vip, vport, options);
                arriving = IcmpErrorNatTests.Error(reporter, ClientAddress, 11, 0, 0, seen, quoted);
                expected = IcmpErrorNatTests.Error(Vip, ClientAddress, 11, 0, 0, sent, quoted);
                Assert.True(NatRewriter.RewriteIcmpErrorOutbound(arriving, Vip, vport));
            }

            Assert.Equal(expected, arriving);
        }
    }

    [Fact]
    public void Ttl_decrement_gives_the_from_scratch_header_checksum()
    {
        var random = new Random(6);
        for (var i = 0; i < Iterations; i++)
        {
            var packet = RandomTransport(random);
            packet[8] = (byte)random.Next(256);
            FixIpv4Checksum(packet);
            var ttl = packet[8];

            Assert.Equal(ttl > 1, NatRewriter.DecrementTtl(packet));

            Assert.Equal(ttl > 1 ? ttl - 1 : ttl, packet[8]);
            Assert.Equal(ExpectedIpv4Checksum(packet), Ipv4Checksum(packet));
        }
    }

    private static bool Rewrite(byte[] packet, bool destination, uint address, ushort port, bool partial) =>
        destination
            ? NatRewriter.RewriteDestination(packet, address, port, partial)
            : NatRewriter.RewriteSource(packet, address, port, partial);
}
