using System.Buffers.Binary;

namespace LvsOperator.Dataplane.Packets;

/// <summary>
/// A view over an Ethernet II frame (without FCS, as AF_PACKET delivers it), optionally carrying one 802.1Q tag.
/// A second tag (QinQ) is not unwrapped: <see cref="EtherType"/> then reads 0x8100 and the caller ignores the frame.
/// </summary>
public readonly ref struct EthernetFrame
{
    public const int UntaggedHeaderLength = 14;
    public const int TaggedHeaderLength = 18;

    /// <summary>Shortest frame on the wire without FCS; shorter frames are padded up to it.</summary>
    public const int MinimumFrameLength = 60;

    private EthernetFrame(Span<byte> frame, int headerLength)
    {
        Frame = frame;
        HeaderLength = headerLength;
    }

    /// <summary>The whole frame, header included.</summary>
    public Span<byte> Frame { get; }

    /// <summary>14, or 18 with an 802.1Q tag.</summary>
    public int HeaderLength { get; }

    public MacAddress Destination => MacAddress.Read(Frame);

    public MacAddress Source => MacAddress.Read(Frame[6..]);

    public bool HasVlanTag => HeaderLength == TaggedHeaderLength;

    /// <summary>The 12-bit VLAN id of the 802.1Q tag, 0 when untagged.</summary>
    public ushort VlanId => HasVlanTag ? (ushort)(BinaryPrimitives.ReadUInt16BigEndian(Frame[14..]) & 0x0FFF) : (ushort)0;

    /// <summary>The EtherType of the payload (after the tag, if any).</summary>
    public ushort EtherType => BinaryPrimitives.ReadUInt16BigEndian(Frame[(HeaderLength - 2)..]);

    /// <summary>Everything after the header, Ethernet padding included (IPv4's total length says where the packet ends).</summary>
    public Span<byte> Payload => Frame[HeaderLength..];

    public static bool TryParse(Span<byte> frame, out EthernetFrame ethernet, out DropReason reason)
    {
        ethernet = default;
        if (frame.Length < UntaggedHeaderLength)
        {
            reason = DropReason.TruncatedEthernet;
            return false;
        }

        var headerLength = UntaggedHeaderLength;
        if (BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) == Packets.EtherType.Vlan)
        {
            if (frame.Length < TaggedHeaderLength)
            {
                reason = DropReason.TruncatedEthernet;
                return false;
            }

            headerLength = TaggedHeaderLength;
        }

        ethernet = new EthernetFrame(frame, headerLength);
        reason = DropReason.None;
        return true;
    }

    public void SetDestination(MacAddress mac) => mac.Write(Frame);

    public void SetSource(MacAddress mac) => mac.Write(Frame[6..]);

    /// <summary>Writes an untagged header at the start of <paramref name="frame"/> (at least 14 bytes) and returns its length.</summary>
    public static int WriteHeader(Span<byte> frame, MacAddress destination, MacAddress source, ushort etherType)
    {
        destination.Write(frame);
        source.Write(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], etherType);
        return UntaggedHeaderLength;
    }
}
