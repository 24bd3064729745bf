using LvsOperator.Dataplane.Forwarding;
using LvsOperator.Dataplane.Io.Native;

namespace LvsOperator.Dataplane.Io;

/// <summary>One received frame in the ring: its bytes (writable, for in-place NAT), status and virtio-net header.</summary>
public readonly unsafe struct RxFrame
{
    private readonly byte* _header;
    private readonly bool _vnetHeader;

    internal RxFrame(byte* header, bool vnetHeader)
    {
        _header = header;
        _vnetHeader = vnetHeader;
    }

    /// <summary>Bytes captured into the ring; less than <see cref="WireLength"/> when the kernel truncated the frame.</summary>
    public int Length => (int)*(uint*)(_header + Tpacket3Header.SnapLength);

    /// <summary>The frame's full length (for a GSO super-frame: the whole super-frame).</summary>
    public int WireLength => (int)*(uint*)(_header + Tpacket3Header.Length);

    public bool IsTruncated => Length < WireLength;

    public uint Status => *(uint*)(_header + Tpacket3Header.Status);

    internal byte* Data => _header + *(ushort*)(_header + Tpacket3Header.MacOffset);

    public Span<byte> Frame => new(Data, Length);

    internal VirtioNetHeader VirtioHeader =>
        _vnetHeader ? VirtioNetHeader.Read(new ReadOnlySpan<byte>(Data - VirtioNetHeader.Size, VirtioNetHeader.Size)) : default;

    public PacketMetadata Metadata
    {
        get
        {
            if (!_vnetHeader)
            {
                return new PacketMetadata((Status & PacketConstants.TpStatusCsumNotReady) != 0, 0);
            }

            var vnet = VirtioHeader;
            return new PacketMetadata(vnet.NeedsChecksum, vnet.IsGso ? vnet.GsoSize : 0);
        }
    }
}
