using LvsOperator.Dataplane.Packets;
using static LvsOperator.Dataplane.Tests.Packets.IcmpErrorNatTests;
using static LvsOperator.Dataplane.Tests.Packets.PacketFactory;

namespace LvsOperator.Dataplane.Tests.Packets;

public sealed class IcmpWriterTests
{
    private const uint DirectorAddress = 0xC612_0002;

    [Fact]
    public void Echo_request_to_the_vip_becomes_the_reply_a_host_would_send()
    {
        var request = Ipv4(IpProtocol.Icmp, ClientAddress, Vip, Echo(IcmpType.EchoRequest, 77, 56), ttl: 61);
        var expected = Ipv4(IpProtocol.Icmp, Vip, ClientAddress, Echo(IcmpType.EchoReply, 77, 56), ttl: 64);

        Assert.True(IcmpWriter.TryWriteEchoReplyInPlace(request));

        Assert.Equal(expected, request);
    }

    [Fact]
    public void Only_echo_requests_are_answered()
    {
        var reply = Ipv4(IpProtocol.Icmp, ClientAddress, Vip, Echo(IcmpType.EchoReply, 77, 56));
        var tcp = Tcp(ClientAddress, 1, Vip, 80, TcpFlags.Syn);

        Assert.False(IcmpWriter.TryWriteEchoReplyInPlace(reply));
        Assert.False(IcmpWriter.TryWriteEchoReplyInPlace(tcp));
    }

    [Fact]
    public void Fragmentation_needed_quotes_header_and_eight_bytes_and_parses_back()
    {
        var tooBig = Tcp(ClientAddress, 40000, Vip, 80, TcpFlags.Ack, payloadLength: 1460, ipOptionsLength: 8);
        var buffer = new byte[1600];

        Assert.True(IcmpWriter.TryWriteFragmentationNeeded(tooBig, DirectorAddress, 1400, buffer, out var length));

        Assert.Equal(20 + 8 + 28 + 8, length);
        Assert.True(Ipv4Header.TryParse(buffer.AsSpan(0, length), out var ip, out _));
        Assert.Equal(DirectorAddress, ip.SourceAddress);
        Assert.Equal(ClientAddress, ip.DestinationAddress);
        Assert.Equal(IpProtocol.Icmp, ip.Protocol);
        Assert.Equal(length, ip.TotalLength);
        Assert.True(IcmpHeader.TryParse(ip.Payload, out var icmp, out _));
        Assert.True(icmp.IsFragmentationNeeded);
        Assert.Equal(1400, icmp.NextHopMtu);
        Assert.Equal(0, InternetChecksum.Compute(icmp.Message));
        Assert.True(icmp.TryGetQuotedPacket(out var quoted, out _));
        Assert.Equal(40000, quoted.SourcePort);
        Assert.Equal(80, quoted.DestinationPort);
        Assert.Equal(Vip, quoted.DestinationAddress);
        Assert.Equal(tooBig.AsSpan(0, 36).ToArray(), quoted.Bytes.ToArray());
    }

    [Fact]
    public void Errors_are_not_sent_about_errors_fragments_or_broadcasts_nor_into_small_buffers()
    {
        var buffer = new byte[1600];
        var error = Error(0xC612_0AFE, Vip, 3, 4, 1400, Transport(IpProtocol.Udp, Vip, 53, ClientAddress, 9, 0), 8);
        var fragment = Ipv4(IpProtocol.Udp, ClientAddress, Vip, new byte[100], flagsAndOffset: 0x0010);
        var broadcast = Udp(0xFFFF_FFFF, 68, Vip, 67, 300);
        var fine = Udp(ClientAddress, 68, Vip, 67, 300);

        Assert.False(IcmpWriter.TryWriteFragmentationNeeded(error, DirectorAddress, 1400, buffer, out _));
        Assert.False(IcmpWriter.TryWriteFragmentationNeeded(fragment, DirectorAddress, 1400, buffer, out _));
        Assert.False(IcmpWriter.TryWriteFragmentationNeeded(broadcast, DirectorAddress, 1400, buffer, out _));
        Assert.False(IcmpWriter.TryWriteFragmentationNeeded(fine, DirectorAddress, 1400, buffer.AsSpan(0, 55), out _));
        Assert.True(IcmpWriter.TryWriteFragmentationNeeded(fine, DirectorAddress, 1400, buffer.AsSpan(0, 56), out var length));
        Assert.Equal(56, length);
    }
}
