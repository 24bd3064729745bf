using System.Buffers.Binary;

namespace LvsOperator.Dataplane.Packets;

/// <summary>ICMP messages the director answers itself: echo replies for a VIP and fragmentation-needed errors.</summary>
public static class IcmpWriter
{
    /// <summary>Type of service of ICMP errors (Linux sends them as IPTOS_PREC_INTERNETCONTROL).</summary>
    private const byte InternetControlPrecedence = 0xC0;

    /// <summary>
    /// Turns an echo request (a ping to a VIP) into the echo reply in place: addresses swapped, TTL reset to 64, type 0,
    /// checksums updated incrementally. The caller still swaps the Ethernet addresses. False if not an echo request.
    /// </summary>
    public static bool TryWriteEchoReplyInPlace(Span<byte> ipv4Packet)
    {
        if (!Ipv4Header.TryParse(ipv4Packet, out var ip, out _)
            || ip.Protocol != IpProtocol.Icmp
            || !IcmpHeader.TryParse(ip.Payload, out var icmp, out _)
            || icmp.Type != IcmpType.EchoRequest)
        {
            return false;
        }

        var packet = ip.Packet;
        var source = ip.SourceAddress;
        var destination = ip.DestinationAddress;

        // Swapping two summands leaves the header checksum as it was; only the TTL word changes it.
        BinaryPrimitives.WriteUInt32BigEndian(packet[Ipv4Header.SourceAddressOffset..], destination);
        BinaryPrimitives.WriteUInt32BigEndian(packet[Ipv4Header.DestinationAddressOffset..], source);
        var oldTtlWord = BinaryPrimitives.ReadUInt16BigEndian(packet[8..]);
        packet[8] = NatRewriter.DefaultTimeToLive;
        var ipChecksum = InternetChecksum.Update(ip.HeaderChecksum, oldTtlWord, BinaryPrimitives.ReadUInt16BigEndian(packet[8..]));
        BinaryPrimitives.WriteUInt16BigEndian(packet[Ipv4Header.ChecksumOffset..], ipChecksum);

        var message = icmp.Message;
        var oldTypeWord = BinaryPrimitives.ReadUInt16BigEndian(message);
        message[0] = IcmpType.EchoReply;
        var icmpChecksum = InternetChecksum.Update(icmp.Checksum, oldTypeWord, BinaryPrimitives.ReadUInt16BigEndian(message));
        BinaryPrimitives.WriteUInt16BigEndian(message[IcmpHeader.ChecksumOffset..], icmpChecksum);
        return true;
    }

    /// <summary>
    /// Builds into <paramref name="destination"/> the IPv4 packet carrying ICMP type 3 code 4 (RFC 1191) about
    /// <paramref name="tooBigPacket"/>, a DF packet that does not fit <paramref name="mtu"/>: from
    /// <paramref name="sourceAddress"/> (the director's interface) to the packet's sender, quoting its header and first 8
    /// L4 bytes. Pass the packet as received, before any NAT, so the sender recognises it. False (nothing to send) for a
    /// packet that must not be answered (RFC 1812 4.3.2.7: ICMP errors, non-first fragments, no unicast source) or a
    /// too-small buffer.
    /// </summary>
    public static bool TryWriteFragmentationNeeded(
        ReadOnlySpan<byte> tooBigPacket, uint sourceAddress, int mtu, Span<byte> destination, out int length)
    {
        length = 0;
        if (tooBigPacket.Length < Ipv4Header.MinimumHeaderLength || tooBigPacket[0] >> 4 != 4 || mtu is < 68 or > 0xFFFF)
        {
            return false;
        }

        var headerLength = (tooBigPacket[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(tooBigPacket[2..]);
        if (headerLength < Ipv4Header.MinimumHeaderLength || totalLength < headerLength || tooBigPacket.Length < headerLength)
        {
            return false;
        }

        var originalSource = BinaryPrimitives.ReadUInt32BigEndian(tooBigPacket[Ipv4Header.SourceAddressOffset..]);
        var nonFirstFragment = (BinaryPrimitives.ReadUInt16BigEndian(tooBigPacket[6..]) & 0x1FFF) != 0;
        if (nonFirstFragment || !IsUnicast(originalSource) || IsIcmpError(tooBigPacket, headerLength, totalLength))
        {
            return false;
        }

        var quoteLength = Math.Min(Math.Min(totalLength, tooBigPacket.Length), headerLength + IcmpQuotedPacket.MinimumTransportBytes);
        var total = Ipv4Header.MinimumHeaderLength + IcmpHeader.HeaderLength + quoteLength;
        if (destination.Length < total)
        {
            return false;
        }

        var ip = destination[..Ipv4Header.MinimumHeaderLength];
        ip[0] = 0x45;
        ip[1] = InternetControlPrecedence;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)total);
        BinaryPrimitives.WriteUInt32BigEndian(ip[4..], 0x0000_4000); // id 0 with DF: an atomic datagram (RFC 6864)
        ip[8] = NatRewriter.DefaultTimeToLive;
        ip[9] = (byte)IpProtocol.Icmp;
        BinaryPrimitives.WriteUInt32BigEndian(ip[Ipv4Header.SourceAddressOffset..], sourceAddress);
        BinaryPrimitives.WriteUInt32BigEndian(ip[Ipv4Header.DestinationAddressOffset..], originalSource);
        Ipv4Header.WriteChecksum(ip);

        var message = destination[Ipv4Header.MinimumHeaderLength..total];
        message[0] = IcmpType.DestinationUnreachable;
        message[1] = IcmpType.CodeFragmentationNeeded;
        BinaryPrimitives.WriteUInt32BigEndian(message[2..], 0); // checksum and unused
        BinaryPrimitives.WriteUInt16BigEndian(message[6..], (ushort)mtu);
        tooBigPacket[..quoteLength].CopyTo(message[IcmpHeader.HeaderLength..]);
        BinaryPrimitives.WriteUInt16BigEndian(message[IcmpHeader.ChecksumOffset..], InternetChecksum.Compute(message));
        length = total;
        return true;
    }

    private static bool IsUnicast(uint address) =>
        address != 0 && address != 0xFFFF_FFFF && (address >> 28) != 0xE;

    private static bool IsIcmpError(ReadOnlySpan<byte> packet, int headerLength, int totalLength) =>
        packet[9] == (byte)IpProtocol.Icmp
        && (totalLength <= headerLength || packet.Length <= headerLength || IcmpType.IsError(packet[headerLength]));
}
