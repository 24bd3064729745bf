using System.Buffers.Binary;

namespace LvsOperator.Dataplane.Packets;

/// <summary>A view over an ICMPv4 message: echo request/reply fields, error fields and the quoted packet of an error.</summary>
public readonly ref struct IcmpHeader
{
    public const int HeaderLength = 8;
    public const int ChecksumOffset = 2;

    private IcmpHeader(Span<byte> message) => Message = message;

    /// <summary>The whole ICMP message (the IPv4 payload).</summary>
    public Span<byte> Message { get; }

    public byte Type => Message[0];

    public byte Code => Message[1];

    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(Message[ChecksumOffset..]);

    public bool IsEcho => Type is IcmpType.EchoRequest or IcmpType.EchoReply;

    public bool IsError => IcmpType.IsError(Type);

    /// <summary>Echo identifier (the "port" of a ping flow); meaningful only for echo messages.</summary>
    public ushort Identifier => BinaryPrimitives.ReadUInt16BigEndian(Message[4..]);

    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(Message[6..]);

    public bool IsFragmentationNeeded => Type == IcmpType.DestinationUnreachable && Code == IcmpType.CodeFragmentationNeeded;

    /// <summary>RFC 1191 next-hop MTU of a fragmentation-needed error (0 from pre-RFC 1191 routers).</summary>
    public ushort NextHopMtu => BinaryPrimitives.ReadUInt16BigEndian(Message[6..]);

    /// <summary>What follows the 8-byte header: echo data, or the quoted packet of an error.</summary>
    public Span<byte> Body => Message[HeaderLength..];

    /// <param name="message">The IPv4 payload (<see cref="Ipv4Header.Payload"/>).</param>
    public static bool TryParse(Span<byte> message, out IcmpHeader icmp, out DropReason reason)
    {
        icmp = default;
        if (message.Length < HeaderLength)
        {
            reason = DropReason.TruncatedIcmp;
            return false;
        }

        icmp = new IcmpHeader(message);
        reason = DropReason.None;
        return true;
    }

    /// <summary>For an error message, the quoted IPv4 header and first L4 bytes; false for other types or a bad quote.</summary>
    public bool TryGetQuotedPacket(out IcmpQuotedPacket quoted, out DropReason reason)
    {
        if (!IsError)
        {
            quoted = default;
            reason = DropReason.UnsupportedIcmp;
            return false;
        }

        return IcmpQuotedPacket.TryParse(Body, out quoted, out reason);
    }
}
