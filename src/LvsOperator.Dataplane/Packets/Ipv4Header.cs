using System.Buffers.Binary;

namespace LvsOperator.Dataplane.Packets;

/// <summary>
/// A validated view over an IPv4 packet. <see cref="Packet"/> is cut to the header's total length, so Ethernet padding
/// after it is never taken for payload.
/// </summary>
public readonly ref struct Ipv4Header
{
    public const int MinimumHeaderLength = 20;
    public const int SourceAddressOffset = 12;
    public const int DestinationAddressOffset = 16;
    public const int ChecksumOffset = 10;

    private Ipv4Header(Span<byte> packet, int headerLength)
    {
        Packet = packet;
        HeaderLength = headerLength;
    }

    /// <summary>The packet from the first header byte to its total length.</summary>
    public Span<byte> Packet { get; }

    /// <summary>IHL in bytes: 20 plus options.</summary>
    public int HeaderLength { get; }

    public int TotalLength => Packet.Length;

    public byte TypeOfService => Packet[1];

    public ushort Identification => BinaryPrimitives.ReadUInt16BigEndian(Packet[4..]);

    public bool DontFragment => (Packet[6] & 0x40) != 0;

    public bool MoreFragments => (Packet[6] & 0x20) != 0;

    /// <summary>Fragment offset in 8-byte units.</summary>
    public int FragmentOffset => BinaryPrimitives.ReadUInt16BigEndian(Packet[6..]) & 0x1FFF;

    public bool IsFragment => MoreFragments || FragmentOffset != 0;

    public byte TimeToLive => Packet[8];

    public IpProtocol Protocol => (IpProtocol)Packet[9];

    public ushort HeaderChecksum => BinaryPrimitives.ReadUInt16BigEndian(Packet[ChecksumOffset..]);

    public uint SourceAddress => BinaryPrimitives.ReadUInt32BigEndian(Packet[SourceAddressOffset..]);

    public uint DestinationAddress => BinaryPrimitives.ReadUInt32BigEndian(Packet[DestinationAddressOffset..]);

    public Span<byte> Header => Packet[..HeaderLength];

    /// <summary>The L4 bytes, from the end of the header (options included) to the total length.</summary>
    public Span<byte> Payload => Packet[HeaderLength..];

    /// <summary>Parses and validates an unfragmented packet; fragments are refused as <see cref="DropReason.Fragmented"/>.</summary>
    /// <param name="packet">The Ethernet payload: may be longer than the packet (padding) but not shorter.</param>
    public static bool TryParse(Span<byte> packet, out Ipv4Header header, out DropReason reason) =>
        TryParse(packet, allowFragments: false, out header, out reason);

    /// <summary>
    /// Validates version, IHL, total length against the bytes present and the header checksum. Fragments carry no ports
    /// after the first one, so the NAT path refuses them (as IPVS needs defragmentation); <paramref name="allowFragments"/>
    /// lets other callers see them.
    /// </summary>
    public static bool TryParse(Span<byte> packet, bool allowFragments, out Ipv4Header header, out DropReason reason)
    {
        header = default;
        if (packet.Length < MinimumHeaderLength)
        {
            reason = DropReason.TruncatedIpv4;
            return false;
        }

        if (packet[0] >> 4 != 4)
        {
            reason = DropReason.BadIpv4Version;
            return false;
        }

        var headerLength = (packet[0] & 0x0F) * 4;
        if (headerLength < MinimumHeaderLength)
        {
            reason = DropReason.BadIpv4HeaderLength;
            return false;
        }

        if (packet.Length < headerLength)
        {
            reason = DropReason.TruncatedIpv4;
            return false;
        }

        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (totalLength < headerLength)
        {
            reason = DropReason.BadIpv4TotalLength;
            return false;
        }

        if (totalLength > packet.Length)
        {
            reason = DropReason.TruncatedIpv4;
            return false;
        }

        if (InternetChecksum.Compute(packet[..headerLength]) != 0)
        {
            reason = DropReason.BadIpv4Checksum;
            return false;
        }

        header = new Ipv4Header(packet[..totalLength], headerLength);
        if (!allowFragments && header.IsFragment)
        {
            header = default;
            reason = DropReason.Fragmented;
            return false;
        }

        reason = DropReason.None;
        return true;
    }

    /// <summary>Recomputes the header checksum from scratch (for packets the director builds itself).</summary>
    public static void WriteChecksum(Span<byte> header)
    {
        BinaryPrimitives.WriteUInt16BigEndian(header[ChecksumOffset..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(header[ChecksumOffset..], InternetChecksum.Compute(header));
    }
}
