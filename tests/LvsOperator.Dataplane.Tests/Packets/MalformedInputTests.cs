using LvsOperator.Dataplane.Packets;
using static LvsOperator.Dataplane.Tests.Packets.PacketFactory;

namespace LvsOperator.Dataplane.Tests.Packets;

/// <summary>Whatever the bytes, nothing throws: every parser and rewriter says no instead.</summary>
public sealed class MalformedInputTests
{
    private static readonly MacAddress Director = MacAddress.Parse("02:00:00:00:00:01");

    [Fact]
    public void Every_truncation_of_a_valid_frame_is_refused_with_the_layer_that_is_short()
    {
        var random = new Random(7);
        for (var i = 0; i < 50; i++)
        {
            var packet = RandomTransport(random);
            var frame = Ethernet(Director, Director, EtherType.Ipv4, packet);
            for (var length = 0; length < frame.Length; length++)
            {
                var reason = Walk(frame.AsSpan(0, length).ToArray());
                Assert.Equal(length < 14 ? DropReason.TruncatedEthernet : DropReason.TruncatedIpv4, reason);
            }

            Assert.Equal(DropReason.None, Walk(frame));
        }
    }

    [Fact]
    public void Random_bytes_and_random_corruptions_never_throw()
    {
        var random = new Random(8);
        var output = new byte[2048];
        for (var i = 0; i < 20000; i++)
        {
            byte[] bytes;
            if (random.Next(2) == 0)
            {
                bytes = new byte[random.Next(0, 120)];
                random.NextBytes(bytes);
                if (bytes.Length > 0 && random.Next(2) == 0)
                {
                    bytes[0] = (byte)(0x40 | (bytes[0] & 0x0F)); // mostly IPv4-looking
                }
            }
            else
            {
                bytes = RandomTransport(random);
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    bytes[random.Next(Math.Min(bytes.Length, 64))] = (byte)random.Next(256);
                }

                if (random.Next(2) == 0 && HeaderLength(bytes) is >= 12 and var h && h <= bytes.Length)
                {
                    FixIpv4Checksum(bytes); // let the corruption past the checksum
                }

                bytes = bytes.AsSpan(0, random.Next(bytes.Length + 1)).ToArray();
            }

            Walk(bytes);
            Walk(Ethernet(Director, Director, EtherType.Ipv4, bytes));
            Walk(Ethernet(Director, Director, EtherType.Arp, bytes, vlanId: 3));
            NatRewriter.RewriteDestination(bytes, 1, 2, random.Next(2) == 0);
            NatRewriter.RewriteSource(bytes, 1, 2, random.Next(2) == 0);
            NatRewriter.DecrementTtl(bytes);
            NatRewriter.RewriteIcmpErrorInbound(bytes, 1, 2);
            NatRewriter.RewriteIcmpErrorOutbound(bytes, 1, 2);
            IcmpWriter.TryWriteEchoReplyInPlace(bytes);
            IcmpWriter.TryWriteFragmentationNeeded(bytes, 1, random.Next(0, 70000), output.AsSpan(0, random.Next(output.Length)), out _);
            _ = IcmpQuotedPacket.TryParse(bytes, out _, out _);
            ArpPacket.WriteReplyInPlace(bytes, Director);
        }
    }

    /// <summary>A receive path as the packet processor will run it; returns the first reason to drop, or None.</summary>
    private static DropReason Walk(byte[] frame)
    {
        if (!EthernetFrame.TryParse(frame, out var ethernet, out var reason))
        {
            return reason;
        }

        if (ethernet.EtherType == EtherType.Arp)
        {
            return ArpPacket.TryParse(ethernet.Payload, out var arp, out reason) ? Touch(arp.SenderAddress + arp.TargetMac.Value) : reason;
        }

        if (!Ipv4Header.TryParse(ethernet.Payload, out var ip, out reason))
        {
            return reason;
        }

        switch (ip.Protocol)
        {
            case IpProtocol.Tcp:
                return TcpHeader.TryParse(ip.Payload, out var tcp, out reason) ? Touch((ulong)(tcp.SourcePort + tcp.Payload.Length + (int)tcp.Flags)) : reason;
            case IpProtocol.Udp:
                return UdpHeader.TryParse(ip.Payload, out var udp, out reason) ? Touch((ulong)(udp.DestinationPort + udp.Payload.Length)) : reason;
            case IpProtocol.Icmp:
                if (!IcmpHeader.TryParse(ip.Payload, out var icmp, out reason))
                {
                    return reason;
                }

                if (icmp.IsError)
                {
                    return icmp.TryGetQuotedPacket(out var quoted, out reason) ? Touch(quoted.SourcePort + quoted.DestinationAddress) : reason;
                }

                return Touch(icmp.Identifier);
            default:
                return DropReason.UnsupportedProtocol;
        }
    }

    private static DropReason Touch(ulong value) => value == ulong.MaxValue ? DropReason.SendFailed : DropReason.None;
}
