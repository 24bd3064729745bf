using System.Buffers.Binary;
using LvsOperator.Dataplane.Packets;
using static LvsOperator.Dataplane.Tests.Packets.IcmpErrorNatTests;
using static LvsOperator.Dataplane.Tests.Packets.PacketFactory;

namespace LvsOperator.Dataplane.Tests.Packets;

public sealed class IcmpHeaderTests
{
    [Fact]
    public void Echo_exposes_identifier_and_sequence()
    {
        var message = Echo(IcmpType.EchoRequest, 4242, 32);

        Assert.True(IcmpHeader.TryParse(message, out var icmp, out _));

        Assert.True(icmp.IsEcho);
        Assert.False(icmp.IsError);
        Assert.Equal(4242, icmp.Identifier);
        Assert.Equal(1, icmp.SequenceNumber);
        Assert.False(icmp.TryGetQuotedPacket(out _, out var reason));
        Assert.Equal(DropReason.UnsupportedIcmp, reason);
    }

    [Theory]
    [InlineData(IcmpType.DestinationUnreachable, IcmpType.CodeFragmentationNeeded)]
    [InlineData(IcmpType.DestinationUnreachable, IcmpType.CodePortUnreachable)]
    [InlineData(IcmpType.TimeExceeded, 0)]
    [InlineData(IcmpType.ParameterProblem, 0)]
    public void Errors_give_access_to_the_quoted_header_and_ports(byte type, byte code)
    {
        var original = Transport(IpProtocol.Udp, Vip, 80, ClientAddress, 40000, 4);
        var packet = Error(0xC612_0AFE, Vip, type, code, 1280, original, 8);

        Assert.True(Ipv4Header.TryParse(packet, out var ip, out _));
        Assert.True(IcmpHeader.TryParse(ip.Payload, out var icmp, out _));
        Assert.True(icmp.IsError);
        Assert.Equal(type, icmp.Type);
        Assert.Equal(code, icmp.Code);
        Assert.Equal(type == 3 && code == 4, icmp.IsFragmentationNeeded);
        Assert.True(icmp.TryGetQuotedPacket(out var quoted, out var reason));
        Assert.Equal(DropReason.None, reason);
        Assert.Equal(IpProtocol.Udp, quoted.Protocol);
        Assert.Equal(24, quoted.HeaderLength);
        Assert.Equal(Vip, quoted.SourceAddress);
        Assert.Equal(ClientAddress, quoted.DestinationAddress);
        Assert.Equal(80, quoted.SourcePort);
        Assert.Equal(40000, quoted.DestinationPort);
        Assert.Equal(8, quoted.Transport.Length);
        if (icmp.IsFragmentationNeeded)
        {
            Assert.Equal(1280, icmp.NextHopMtu);
        }
    }

    [Fact]
    public void Bad_quotes_are_refused_with_a_reason()
    {
        var original = Transport(IpProtocol.Tcp, Vip, 80, ClientAddress, 40000, 0);
        var message = Error(0xC612_0AFE, Vip, 3, 4, 1400, original, 8).AsSpan(20).ToArray();

        for (var length = 0; length < message.Length; length++)
        {
            if (!IcmpHeader.TryParse(message.AsSpan(0, length), out var icmp, out var reason))
            {
                Assert.True(length < 8);
                Assert.Equal(DropReason.TruncatedIcmp, reason);
                continue;
            }

            Assert.False(icmp.TryGetQuotedPacket(out _, out reason));
            Assert.Equal(DropReason.TruncatedIcmp, reason);
        }

        AssertQuoteRefused(message, m => m[8] = 0x65, DropReason.BadIpv4Version);
        AssertQuoteRefused(message, m => m[8] = 0x43, DropReason.BadIpv4HeaderLength);
        AssertQuoteRefused(message, m => m[8] = 0x47, DropReason.TruncatedIcmp);
        AssertQuoteRefused(message, m => BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(8 + 6), 0x0010), DropReason.Fragmented);
    }

    private static void AssertQuoteRefused(byte[] message, Action<byte[]> change, DropReason expected)
    {
        var copy = (byte[])message.Clone();
        change(copy);
        Assert.True(IcmpHeader.TryParse(copy, out var icmp, out _));
        Assert.False(icmp.TryGetQuotedPacket(out _, out var reason));
        Assert.Equal(expected, reason);
    }
}
