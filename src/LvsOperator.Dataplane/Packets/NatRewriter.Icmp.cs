using System.Buffers.Binary;

namespace LvsOperator.Dataplane.Packets;

/// <summary>
/// ICMP errors about a NATed flow are rewritten outer and inner, as IPVS's ip_vs_nat_icmp does, so that path-MTU
/// discovery and port-unreachable reach the right end through the director.
/// </summary>
public static partial class NatRewriter
{
    /// <summary>
    /// An error arriving from the client side about a reply VIP:vport -> CIP: the outer destination VIP becomes RIP and
    /// the quoted source VIP:vport becomes RIP:rport, so the real server recognises its own packet.
    /// </summary>
    /// <returns>False unless the packet is an ICMP error quoting a TCP or UDP packet.</returns>
    public static bool RewriteIcmpErrorInbound(Span<byte> ipv4Packet, uint realAddress, ushort realPort) =>
        RewriteIcmpError(ipv4Packet, Ipv4Header.DestinationAddressOffset, Ipv4Header.SourceAddressOffset, innerPortOffset: 0, realAddress, realPort);

    /// <summary>
    /// An error from the real-server side about CIP -> RIP:rport: the outer source becomes the VIP (whoever sent it, as
    /// IPVS does) and the quoted destination RIP:rport becomes VIP:vport, the flow the client knows.
    /// </summary>
    public static bool RewriteIcmpErrorOutbound(Span<byte> ipv4Packet, uint vip, ushort vport) =>
        RewriteIcmpError(ipv4Packet, Ipv4Header.SourceAddressOffset, Ipv4Header.DestinationAddressOffset, innerPortOffset: 2, vip, vport);

    private static bool RewriteIcmpError(
        Span<byte> packet, int outerAddressOffset, int innerAddressOffset, int innerPortOffset, uint newAddress, ushort newPort)
    {
        if (!Ipv4Header.TryParse(packet, out var outer, out _)
            || outer.Protocol != IpProtocol.Icmp
            || !IcmpHeader.TryParse(outer.Payload, out var icmp, out _)
            || !icmp.TryGetQuotedPacket(out var quoted, out _)
            || quoted.Protocol is not (IpProtocol.Tcp or IpProtocol.Udp))
        {
            return false;
        }

        // Every quoted field sits at an even offset of the ICMP message (8 + 4*IHL + even), so the ICMP checksum can be
        // updated word by word like any other.
        var message = icmp.Message;
        var icmpChecksum = icmp.Checksum;
        var inner = quoted.Bytes;

        var oldAddress = BinaryPrimitives.ReadUInt32BigEndian(inner[innerAddressOffset..]);
        BinaryPrimitives.WriteUInt32BigEndian(inner[innerAddressOffset..], newAddress);
        icmpChecksum = InternetChecksum.Update(icmpChecksum, oldAddress, newAddress);

        var oldInnerChecksum = BinaryPrimitives.ReadUInt16BigEndian(inner[Ipv4Header.ChecksumOffset..]);
        var newInnerChecksum = InternetChecksum.Update(oldInnerChecksum, oldAddress, newAddress);
        BinaryPrimitives.WriteUInt16BigEndian(inner[Ipv4Header.ChecksumOffset..], newInnerChecksum);
        icmpChecksum = InternetChecksum.Update(icmpChecksum, oldInnerChecksum, newInnerChecksum);

        var transport = quoted.Transport;
        var oldPort = BinaryPrimitives.ReadUInt16BigEndian(transport[innerPortOffset..]);
        BinaryPrimitives.WriteUInt16BigEndian(transport[innerPortOffset..], newPort);
        icmpChecksum = InternetChecksum.Update(icmpChecksum, oldPort, newPort);

        // The quoted L4 checksum covers the whole original packet, which is gone; updating it keeps it what the peer's
        // own packet carried. UDP's is always quoted (bytes 6-7), TCP's only when more than 8 bytes were quoted; a quote
        // ending between the two bytes of a checksum leaves that half untouched, as the carry from the missing byte is unknown.
        var udp = quoted.Protocol == IpProtocol.Udp;
        var l4ChecksumOffset = udp ? UdpHeader.ChecksumOffset : TcpHeader.ChecksumOffset;
        if (transport.Length >= l4ChecksumOffset + 2)
        {
            var oldL4 = BinaryPrimitives.ReadUInt16BigEndian(transport[l4ChecksumOffset..]);
            if (!(udp && oldL4 == 0))
            {
                var newL4 = InternetChecksum.Update(oldL4, oldAddress, newAddress, oldPort, newPort);
                if (udp && newL4 == 0)
                {
                    newL4 = 0xFFFF;
                }

                BinaryPrimitives.WriteUInt16BigEndian(transport[l4ChecksumOffset..], newL4);
                icmpChecksum = InternetChecksum.Update(icmpChecksum, oldL4, newL4);
            }
        }

        BinaryPrimitives.WriteUInt16BigEndian(message[IcmpHeader.ChecksumOffset..], icmpChecksum);

        var outerPacket = outer.Packet;
        var oldOuter = BinaryPrimitives.ReadUInt32BigEndian(outerPacket[outerAddressOffset..]);
        BinaryPrimitives.WriteUInt32BigEndian(outerPacket[outerAddressOffset..], newAddress);
        UpdateChecksum(outerPacket, Ipv4Header.ChecksumOffset, oldOuter, newAddress);
        return true;
    }
}
