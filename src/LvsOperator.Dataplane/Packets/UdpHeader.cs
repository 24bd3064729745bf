using System.Buffers.Binary;

namespace LvsOperator.Dataplane.Packets;

/// <summary>A view over a UDP datagram inside an IPv4 packet's payload, cut to the UDP length field.</summary>
public readonly ref struct UdpHeader
{
    public const int HeaderLength = 8;
    public const int ChecksumOffset = 6;

    private UdpHeader(Span<byte> datagram) => Datagram = datagram;

    /// <summary>Header and data, <see cref="Length"/> bytes.</summary>
    public Span<byte> Datagram { get; }

    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(Datagram);

    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(Datagram[2..]);

    public int Length => Datagram.Length;

    /// <summary>0 means the sender computed no checksum (allowed over IPv4).</summary>
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(Datagram[ChecksumOffset..]);

    public Span<byte> Payload => Datagram[HeaderLength..];

    /// <param name="datagram">The IPv4 payload (<see cref="Ipv4Header.Payload"/>).</param>
    public static bool TryParse(Span<byte> datagram, out UdpHeader udp, out DropReason reason)
    {
        udp = default;
        if (datagram.Length < HeaderLength)
        {
            reason = DropReason.TruncatedUdp;
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[4..]);
        if (length < HeaderLength || length > datagram.Length)
        {
            reason = DropReason.BadUdpLength;
            return false;
        }

        udp = new UdpHeader(datagram[..length]);
        reason = DropReason.None;
        return true;
    }
}
