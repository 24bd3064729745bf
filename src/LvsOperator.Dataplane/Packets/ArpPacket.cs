using System.Buffers.Binary;

namespace LvsOperator.Dataplane.Packets;

/// <summary>A view over an ARP packet for Ethernet hardware and IPv4 protocol addresses (RFC 826), the only kind the director answers.</summary>
public readonly ref struct ArpPacket
{
    public const int Length = 28;
    public const ushort OperationRequest = 1;
    public const ushort OperationReply = 2;

    private const ushort HardwareTypeEthernet = 1;

    private ArpPacket(Span<byte> packet) => Packet = packet;

    /// <summary>The 28 ARP bytes (padding excluded).</summary>
    public Span<byte> Packet { get; }

    public ushort Operation => BinaryPrimitives.ReadUInt16BigEndian(Packet[6..]);

    public MacAddress SenderMac => MacAddress.Read(Packet[8..]);

    public uint SenderAddress => BinaryPrimitives.ReadUInt32BigEndian(Packet[14..]);

    public MacAddress TargetMac => MacAddress.Read(Packet[18..]);

    public uint TargetAddress => BinaryPrimitives.ReadUInt32BigEndian(Packet[24..]);

    public bool IsRequest => Operation == OperationRequest;

    /// <summary>Gratuitous: an announcement where the sender claims its own address (RFC 5227 ARP announcement).</summary>
    public bool IsGratuitous => SenderAddress == TargetAddress;

    /// <param name="packet">The Ethernet payload of a frame whose EtherType is ARP.</param>
    public static bool TryParse(Span<byte> packet, out ArpPacket arp, out DropReason reason)
    {
        arp = default;
        if (packet.Length < Length)
        {
            reason = DropReason.TruncatedArp;
            return false;
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(packet) != HardwareTypeEthernet
            || BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) != EtherType.Ipv4
            || packet[4] != 6
            || packet[5] != 4)
        {
            reason = DropReason.UnsupportedArp;
            return false;
        }

        var operation = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        if (operation is not (OperationRequest or OperationReply))
        {
            reason = DropReason.UnsupportedArp;
            return false;
        }

        arp = new ArpPacket(packet[..Length]);
        reason = DropReason.None;
        return true;
    }

    /// <summary>
    /// Turns an ARP request frame, already parsed and found to ask for an address the director owns, into the reply in
    /// place: Ethernet addresses go back to the asker, the 802.1Q tag (if any) is kept, padding up to 60 bytes is zeroed
    /// when the buffer has room. Returns the frame length to send, or 0 if the frame is not an Ethernet/IPv4 ARP request.
    /// </summary>
    public static int WriteReplyInPlace(Span<byte> frame, MacAddress ownMac)
    {
        if (!EthernetFrame.TryParse(frame, out var ethernet, out _)
            || ethernet.EtherType != EtherType.Arp
            || !TryParse(ethernet.Payload, out var request, out _)
            || !request.IsRequest)
        {
            return 0;
        }

        var asker = request.SenderMac;
        var askerAddress = request.SenderAddress;
        var wanted = request.TargetAddress;
        var arp = request.Packet;

        ethernet.SetDestination(asker);
        ethernet.SetSource(ownMac);
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], OperationReply);
        ownMac.Write(arp[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(arp[14..], wanted);
        asker.Write(arp[18..]);
        BinaryPrimitives.WriteUInt32BigEndian(arp[24..], askerAddress);
        return PadToMinimum(frame, ethernet.HeaderLength + Length);
    }

    /// <summary>
    /// Writes a broadcast gratuitous ARP request announcing <paramref name="address"/> at <paramref name="ownMac"/> (sent on
    /// VIP takeover so neighbours update their caches). Returns the frame length (60), or 0 if the buffer is too small.
    /// </summary>
    public static int WriteGratuitous(Span<byte> frame, MacAddress ownMac, uint address)
    {
        if (frame.Length < EthernetFrame.MinimumFrameLength)
        {
            return 0;
        }

        var header = EthernetFrame.WriteHeader(frame, MacAddress.Broadcast, ownMac, EtherType.Arp);
        var arp = frame.Slice(header, Length);
        BinaryPrimitives.WriteUInt16BigEndian(arp, HardwareTypeEthernet);
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], EtherType.Ipv4);
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], OperationRequest);
        ownMac.Write(arp[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(arp[14..], address);
        MacAddress.Zero.Write(arp[18..]);
        BinaryPrimitives.WriteUInt32BigEndian(arp[24..], address);
        return PadToMinimum(frame, header + Length);
    }

    private static int PadToMinimum(Span<byte> frame, int length)
    {
        if (length >= EthernetFrame.MinimumFrameLength || frame.Length < EthernetFrame.MinimumFrameLength)
        {
            return length;
        }

        frame[length..EthernetFrame.MinimumFrameLength].Clear();
        return EthernetFrame.MinimumFrameLength;
    }
}
