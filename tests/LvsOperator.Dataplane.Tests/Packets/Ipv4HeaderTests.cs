using LvsOperator.Dataplane.Packets;
using static LvsOperator.Dataplane.Tests.Packets.PacketFactory;

namespace LvsOperator.Dataplane.Tests.Packets;

public sealed class Ipv4HeaderTests
{
    [Fact]
    public void Fields_are_read_and_padding_is_cut_by_total_length()
    {
        var packet = Udp(ClientAddress, 1000, Vip, 53, payloadLength: 2, ipOptionsLength: 8);
        var padded = new byte[packet.Length + 18];
        packet.CopyTo(padded, 0);
        padded.AsSpan(packet.Length).Fill(0xAB);

        Assert.True(Ipv4Header.TryParse(padded, out var ip, out var reason));

        Assert.Equal(DropReason.None, reason);
        Assert.Equal(28, ip.HeaderLength);
        Assert.Equal(packet.Length, ip.TotalLength);
        Assert.Equal(packet.Length, ip.Packet.Length);
        Assert.Equal(10, ip.Payload.Length);
        Assert.Equal(IpProtocol.Udp, ip.Protocol);
        Assert.Equal(64, ip.TimeToLive);
        Assert.True(ip.DontFragment);
        Assert.False(ip.MoreFragments);
        Assert.Equal(0, ip.FragmentOffset);
        Assert.Equal(ClientAddress, ip.SourceAddress);
        Assert.Equal(Vip, ip.DestinationAddress);
        Assert.Equal(ExpectedIpv4Checksum(packet), ip.HeaderChecksum);
    }

    [Theory]
    [InlineData(0x2000, false, true, 0)]   // MF, first fragment
    [InlineData(0x00B9, false, false, 185)] // last fragment
    [InlineData(0x20B9, false, true, 185)]
    public void Fragments_are_refused_unless_allowed(ushort flagsAndOffset, bool dontFragment, bool moreFragments, int offset)
    {
        var packet = Ipv4(IpProtocol.Udp, ClientAddress, Vip, new byte[40], flagsAndOffset: flagsAndOffset);

        Assert.False(Ipv4Header.TryParse(packet, out _, out var reason));
        Assert.Equal(DropReason.Fragmented, reason);

        Assert.True(Ipv4Header.TryParse(packet, allowFragments: true, out var ip, out _));
        Assert.True(ip.IsFragment);
        Assert.Equal(dontFragment, ip.DontFragment);
        Assert.Equal(moreFragments, ip.MoreFragments);
        Assert.Equal(offset, ip.FragmentOffset);
    }

    [Fact]
    public void Bad_version_header_length_total_length_and_checksum_are_told_apart()
    {
        var good = Tcp(ClientAddress, 1, Vip, 2, TcpFlags.Syn);

        AssertRefused(With(good, p => p[0] = 0x65), DropReason.BadIpv4Version);
        AssertRefused(With(good, p => { p[0] = 0x44; FixIpv4Checksum(p); }), DropReason.BadIpv4HeaderLength);
        AssertRefused(With(good, p => p[0] = 0x4F), DropReason.TruncatedIpv4); // 60-byte header in a 40-byte packet
        AssertRefused(With(good, p => { p[2] = 0; p[3] = 19; FixIpv4Checksum(p); }), DropReason.BadIpv4TotalLength);
        AssertRefused(With(good, p => { p[2] = 0x05; FixIpv4Checksum(p); }), DropReason.TruncatedIpv4);
        AssertRefused(With(good, p => p[8] ^= 1), DropReason.BadIpv4Checksum);
        AssertRefused(With(good, p => p[15] ^= 0x80), DropReason.BadIpv4Checksum);
    }

    [Fact]
    public void Every_truncation_is_refused_as_truncated()
    {
        var packet = Tcp(ClientAddress, 1, Vip, 2, TcpFlags.Syn, payloadLength: 10, ipOptionsLength: 12);
        for (var length = 0; length < packet.Length; length++)
        {
            AssertRefused(packet.AsSpan(0, length).ToArray(), DropReason.TruncatedIpv4);
        }
    }

    private static byte[] With(byte[] packet, Action<byte[]> change)
    {
        var copy = (byte[])packet.Clone();
        change(copy);
        return copy;
    }

    private static void AssertRefused(byte[] packet, DropReason expected)
    {
        Assert.False(Ipv4Header.TryParse(packet, out var ip, out var reason));
        Assert.Equal(expected, reason);
        Assert.Equal(0, ip.Packet.Length);
    }
}
