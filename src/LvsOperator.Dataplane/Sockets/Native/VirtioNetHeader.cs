using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LvsOperator.Dataplane.Sockets.Native;

/// <summary>
/// struct virtio_net_hdr (10 bytes, little-endian on the PACKET_VNET_HDR path): in front of every frame read or
/// written on a socket with PACKET_VNET_HDR. On receive it says whether the frame is a GSO super-frame and whether
/// its L4 checksum is only partial; written again in front of the forwarded frame it lets the kernel segment it and
/// complete the checksum for the egress device.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct VirtioNetHeader
{
    public const int Size = 10;

    public byte Flags;
    public byte GsoType;
    public ushort HeaderLength;
    public ushort GsoSize;
    public ushort ChecksumStart;
    public ushort ChecksumOffset;

    public readonly bool NeedsChecksum => (Flags & PacketConstants.VirtioNetHdrFNeedsCsum) != 0;

    public readonly bool IsGso => (GsoType & ~PacketConstants.VirtioNetHdrGsoEcn) != PacketConstants.VirtioNetHdrGsoNone;

    public static VirtioNetHeader Read(ReadOnlySpan<byte> ten) => new()
    {
        Flags = ten[0],
        GsoType = ten[1],
        HeaderLength = BinaryPrimitives.ReadUInt16LittleEndian(ten[2..]),
        GsoSize = BinaryPrimitives.ReadUInt16LittleEndian(ten[4..]),
        ChecksumStart = BinaryPrimitives.ReadUInt16LittleEndian(ten[6..]),
        ChecksumOffset = BinaryPrimitives.ReadUInt16LittleEndian(ten[8..]),
    };

    public readonly void Write(Span<byte> ten)
    {
        ten[0] = Flags;
        ten[1] = GsoType;
        BinaryPrimitives.WriteUInt16LittleEndian(ten[2..], HeaderLength);
        BinaryPrimitives.WriteUInt16LittleEndian(ten[4..], GsoSize);
        BinaryPrimitives.WriteUInt16LittleEndian(ten[6..], ChecksumStart);
        BinaryPrimitives.WriteUInt16LittleEndian(ten[8..], ChecksumOffset);
    }

    /// <summary>
    /// The header to send a received frame on with, after in-place NAT (which keeps header lengths, so the offsets
    /// still hold). DATA_VALID is a receive-only hint the transmit path rejects, so only NEEDS_CSUM is kept.
    /// </summary>
    public readonly VirtioNetHeader ForTransmit(int frameLength)
    {
        var header = this;
        header.Flags &= PacketConstants.VirtioNetHdrFNeedsCsum;
        if (header.HeaderLength > frameLength)
        {
            header.HeaderLength = (ushort)frameLength;
        }

        return header;
    }
}
