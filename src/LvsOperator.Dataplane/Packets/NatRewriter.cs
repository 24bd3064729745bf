using System.Buffers.Binary;

namespace LvsOperator.Dataplane.Packets;

/// <summary>
/// In-place LVS-NAT rewrites of IPv4 packets with incremental checksum updates (RFC 1624), so the cost does not grow
/// with the payload. Callers pass a packet already accepted by <see cref="Ipv4Header.TryParse(Span{byte}, out Ipv4Header, out DropReason)"/>
/// (its <see cref="Ipv4Header.Packet"/>); the methods still bounds-check what they touch and return false rather than throw.
/// </summary>
public static partial class NatRewriter
{
    /// <summary>TTL of packets the director originates (Linux's default ip_default_ttl).</summary>
    public const byte DefaultTimeToLive = 64;

    /// <summary>DNAT toward a real server: destination VIP:vport becomes RIP:rport.</summary>
    /// <param name="checksumPartial">
    /// The frame came with CHECKSUM_PARTIAL: the L4 checksum field holds the non-inverted pseudo-header sum that the
    /// device completes on transmit. Only the address enters that seed; the port is covered when the device completes it.
    /// </param>
    /// <returns>False when the packet is not TCP or UDP or is too short to hold the fields.</returns>
    public static bool RewriteDestination(Span<byte> ipv4Packet, uint newAddress, ushort newPort, bool checksumPartial) =>
        Rewrite(ipv4Packet, Ipv4Header.DestinationAddressOffset, portOffset: 2, newAddress, newPort, checksumPartial);

    /// <summary>Reverse SNAT of a real server's reply: source RIP:rport becomes VIP:vport.</summary>
    public static bool RewriteSource(Span<byte> ipv4Packet, uint newAddress, ushort newPort, bool checksumPartial) =>
        Rewrite(ipv4Packet, Ipv4Header.SourceAddressOffset, portOffset: 0, newAddress, newPort, checksumPartial);

    /// <summary>
    /// Router behaviour on forwarding: TTL minus one with the header checksum updated. Returns false, leaving the packet
    /// untouched, when the TTL would reach 0 (the caller drops it as <see cref="DropReason.TtlExpired"/>).
    /// </summary>
    public static bool DecrementTtl(Span<byte> ipv4Packet)
    {
        if (ipv4Packet.Length < Ipv4Header.MinimumHeaderLength || ipv4Packet[8] <= 1)
        {
            return false;
        }

        SetTimeToLive(ipv4Packet, (byte)(ipv4Packet[8] - 1));
        return true;
    }

    private static bool Rewrite(Span<byte> packet, int addressOffset, int portOffset, uint newAddress, ushort newPort, bool partial)
    {
        if (!TryLocateTransport(packet, out var headerLength, out var checksumOffset))
        {
            return false;
        }

        var oldAddress = BinaryPrimitives.ReadUInt32BigEndian(packet[addressOffset..]);
        BinaryPrimitives.WriteUInt32BigEndian(packet[addressOffset..], newAddress);
        UpdateChecksum(packet, Ipv4Header.ChecksumOffset, oldAddress, newAddress);

        var transport = packet[headerLength..];
        var oldPort = BinaryPrimitives.ReadUInt16BigEndian(transport[portOffset..]);
        BinaryPrimitives.WriteUInt16BigEndian(transport[portOffset..], newPort);

        var field = transport[checksumOffset..];
        var checksum = BinaryPrimitives.ReadUInt16BigEndian(field);
        if (partial)
        {
            checksum = InternetChecksum.UpdatePartial(checksum, oldAddress, newAddress);
        }
        else
        {
            var udp = packet[9] == (byte)IpProtocol.Udp;
            if (udp && checksum == 0)
            {
                return true; // no checksum was sent, none is owed
            }

            checksum = InternetChecksum.Update(checksum, oldAddress, newAddress, oldPort, newPort);
            if (udp && checksum == 0)
            {
                checksum = 0xFFFF; // RFC 768: a computed zero is sent as all ones
            }
        }

        BinaryPrimitives.WriteUInt16BigEndian(field, checksum);
        return true;
    }

    /// <summary>Finds the L4 header of a TCP or UDP packet and where its checksum sits, checking every byte touched exists.</summary>
    private static bool TryLocateTransport(ReadOnlySpan<byte> packet, out int headerLength, out int checksumOffset)
    {
        headerLength = 0;
        checksumOffset = 0;
        if (packet.Length < Ipv4Header.MinimumHeaderLength || packet[0] >> 4 != 4)
        {
            return false;
        }

        headerLength = (packet[0] & 0x0F) * 4;
        checksumOffset = (IpProtocol)packet[9] switch
        {
            IpProtocol.Tcp => TcpHeader.ChecksumOffset,
            IpProtocol.Udp => UdpHeader.ChecksumOffset,
            _ => -1,
        };
        return checksumOffset >= 0
            && headerLength >= Ipv4Header.MinimumHeaderLength
            && packet.Length >= headerLength + checksumOffset + 2;
    }

    private static void SetTimeToLive(Span<byte> packet, byte timeToLive)
    {
        var oldWord = BinaryPrimitives.ReadUInt16BigEndian(packet[8..]);
        packet[8] = timeToLive;
        var newWord = BinaryPrimitives.ReadUInt16BigEndian(packet[8..]);
        UpdateChecksum(packet, Ipv4Header.ChecksumOffset, oldWord, newWord);
    }

    private static void UpdateChecksum(Span<byte> bytes, int checksumOffset, uint oldValue, uint newValue)
    {
        var field = bytes[checksumOffset..];
        BinaryPrimitives.WriteUInt16BigEndian(field, InternetChecksum.Update(BinaryPrimitives.ReadUInt16BigEndian(field), oldValue, newValue));
    }

    private static void UpdateChecksum(Span<byte> bytes, int checksumOffset, ushort oldValue, ushort newValue)
    {
        var field = bytes[checksumOffset..];
        BinaryPrimitives.WriteUInt16BigEndian(field, InternetChecksum.Update(BinaryPrimitives.ReadUInt16BigEndian(field), oldValue, newValue));
    }
}
