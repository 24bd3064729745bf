using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Sockets.Native;

namespace LvsOperator.Dataplane.Sockets;

/// <summary>
/// One received frame, in a ring block or a receive buffer: its bytes (writable, for in-place NAT), lengths, status
/// and virtio-net header. The header, when the socket uses one, sits just before the frame in both receive modes.
/// </summary>
public readonly unsafe struct RxFrame
{
    private readonly byte* _data;
    private readonly bool _vnetHeader;

    internal RxFrame(byte* data, int length, int wireLength, uint status, bool vnetHeader)
    {
        _data = data;
        Length = length;
        WireLength = wireLength;
        Status = status;
        _vnetHeader = vnetHeader;
    }

    /// <summary>Bytes captured; less than <see cref="WireLength"/> when the frame did not fit its block or buffer.</summary>
    public int Length { get; }

    /// <summary>The frame's full length (for a GSO super-frame: the whole super-frame).</summary>
    public int WireLength { get; }

    public bool IsTruncated => Length < WireLength;

    /// <summary>The ring's tp_status bits; 0 for a frame received with recvmmsg (which always has a virtio-net header).</summary>
    public uint Status { get; }

    internal byte* Data => _data;

    public Span<byte> Frame => new(_data, Length);

    internal VirtioNetHeader VirtioHeader =>
        _vnetHeader ? VirtioNetHeader.Read(new ReadOnlySpan<byte>(_data - VirtioNetHeader.Size, VirtioNetHeader.Size)) : default;

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
