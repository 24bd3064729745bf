using System.Buffers.Binary;

namespace LvsOperator.Dataplane.Packets;

/// <summary>A view over a TCP segment (header, options, data) inside an IPv4 packet's payload.</summary>
public readonly ref struct TcpHeader
{
    public const int MinimumHeaderLength = 20;
    public const int ChecksumOffset = 16;

    private TcpHeader(Span<byte> segment, int headerLength)
    {
        Segment = segment;
        HeaderLength = headerLength;
    }

    /// <summary>Header and data.</summary>
    public Span<byte> Segment { get; }

    /// <summary>Data offset in bytes: 20 plus options.</summary>
    public int HeaderLength { get; }

    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(Segment);

    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(Segment[2..]);

    public uint SequenceNumber => BinaryPrimitives.ReadUInt32BigEndian(Segment[4..]);

    public uint AcknowledgmentNumber => BinaryPrimitives.ReadUInt32BigEndian(Segment[8..]);

    public TcpFlags Flags => (TcpFlags)Segment[13];

    public bool IsSyn => (Flags & TcpFlags.Syn) != 0;

    public bool IsAck => (Flags & TcpFlags.Ack) != 0;

    public bool IsFin => (Flags & TcpFlags.Fin) != 0;

    public bool IsRst => (Flags & TcpFlags.Rst) != 0;

    public ushort WindowSize => BinaryPrimitives.ReadUInt16BigEndian(Segment[14..]);

    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(Segment[ChecksumOffset..]);

    public Span<byte> Payload => Segment[HeaderLength..];

    /// <param name="segment">The IPv4 payload (<see cref="Ipv4Header.Payload"/>).</param>
    public static bool TryParse(Span<byte> segment, out TcpHeader tcp, out DropReason reason)
    {
        tcp = default;
        if (segment.Length < MinimumHeaderLength)
        {
            reason = DropReason.TruncatedTcp;
            return false;
        }

        var headerLength = (segment[12] >> 4) * 4;
        if (headerLength < MinimumHeaderLength || headerLength > segment.Length)
        {
            reason = DropReason.BadTcpHeaderLength;
            return false;
        }

        tcp = new TcpHeader(segment, headerLength);
        reason = DropReason.None;
        return true;
    }
}
