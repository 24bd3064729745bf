using System.Buffers.Binary;

namespace LvsOperator.Dataplane.Packets;

/// <summary>
/// The packet quoted inside an ICMP error: its IPv4 header and at least the first 8 bytes of its L4 header, enough for
/// the ports of TCP and UDP. Its total length names the original packet, not what was quoted, so it is not checked
/// against the bytes present; neither is its header checksum, which the director only keeps consistent.
/// </summary>
public readonly ref struct IcmpQuotedPacket
{
    /// <summary>The L4 bytes every error must quote (RFC 792).</summary>
    public const int MinimumTransportBytes = 8;

    private IcmpQuotedPacket(Span<byte> bytes, int headerLength)
    {
        Bytes = bytes;
        HeaderLength = headerLength;
    }

    /// <summary>Everything quoted, from the inner IPv4 header to the end of the ICMP message.</summary>
    public Span<byte> Bytes { get; }

    public int HeaderLength { get; }

    public IpProtocol Protocol => (IpProtocol)Bytes[9];

    public uint SourceAddress => BinaryPrimitives.ReadUInt32BigEndian(Bytes[Ipv4Header.SourceAddressOffset..]);

    public uint DestinationAddress => BinaryPrimitives.ReadUInt32BigEndian(Bytes[Ipv4Header.DestinationAddressOffset..]);

    /// <summary>The quoted L4 bytes (at least 8, possibly the whole rest of the original packet).</summary>
    public Span<byte> Transport => Bytes[HeaderLength..];

    /// <summary>The first 16-bit L4 field: TCP/UDP source port.</summary>
    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(Transport);

    /// <summary>The second 16-bit L4 field: TCP/UDP destination port.</summary>
    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(Transport[2..]);

    public static bool TryParse(Span<byte> bytes, out IcmpQuotedPacket quoted, out DropReason reason)
    {
        quoted = default;
        if (bytes.Length < Ipv4Header.MinimumHeaderLength)
        {
            reason = DropReason.TruncatedIcmp;
            return false;
        }

        if (bytes[0] >> 4 != 4)
        {
            reason = DropReason.BadIpv4Version;
            return false;
        }

        var headerLength = (bytes[0] & 0x0F) * 4;
        if (headerLength < Ipv4Header.MinimumHeaderLength)
        {
            reason = DropReason.BadIpv4HeaderLength;
            return false;
        }

        if (bytes.Length < headerLength + MinimumTransportBytes)
        {
            reason = DropReason.TruncatedIcmp;
            return false;
        }

        // A non-first fragment quotes payload bytes, not ports.
        if ((BinaryPrimitives.ReadUInt16BigEndian(bytes[6..]) & 0x1FFF) != 0)
        {
            reason = DropReason.Fragmented;
            return false;
        }

        quoted = new IcmpQuotedPacket(bytes, headerLength);
        reason = DropReason.None;
        return true;
    }
}
