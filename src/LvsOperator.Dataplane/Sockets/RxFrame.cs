using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Sockets.Native;

namespace LvsOperator.Dataplane.Sockets;

/// <summary>
/// One received frame, in a ring block or a receive buffer: its bytes (writable, for in-place NAT), lengths, status,
/// whom it was addressed to, the VLAN tag the kernel took off, and its virtio-net header. The header, when the socket
/// uses one, sits just before the frame in both receive modes.
/// </summary>
public readonly unsafe struct RxFrame
{
    private readonly byte* _data;
    private readonly bool _vnetHeader;

    internal RxFrame(byte* data, int length, int wireLength, uint status, ushort vlanTci, LinkPacketType packetType, bool vnetHeader)
    {
        _data = data;
        Length = length;
        WireLength = wireLength;
        Status = status;
        VlanTci = vlanTci;
        PacketType = packetType;
        _vnetHeader = vnetHeader;
    }

    /// <summary>Bytes captured; less than <see cref="WireLength"/> when the frame did not fit its block or buffer.</summary>
    public int Length { get; }

    /// <summary>The frame's full length (for a GSO super-frame: the whole super-frame).</summary>
    public int WireLength { get; }

    public bool IsTruncated => Length < WireLength;

    /// <summary>tp_status: the ring frame header's, or for recvmmsg the PACKET_AUXDATA control message's (TP_STATUS_* bits).</summary>
    public uint Status { get; }

    /// <summary>tp_vlan_tci of the tag the kernel took off the frame; meaningful when <see cref="Status"/> has TP_STATUS_VLAN_VALID.</summary>
    public ushort VlanTci { get; }

    /// <summary>sll_pkttype: whether the frame was addressed to this interface, a broadcast, or another host.</summary>
    public LinkPacketType PacketType { get; }

    /// <summary>The 12-bit VLAN id of a tag the kernel took off; 0 for none (and for a priority tag, which the kernel treats as none).</summary>
    public ushort VlanId => (Status & PacketConstants.TpStatusVlanValid) != 0 ? (ushort)(VlanTci & 0x0FFF) : (ushort)0;

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
                return new PacketMetadata((Status & PacketConstants.TpStatusCsumNotReady) != 0, 0, PacketType, VlanId);
            }

            var vnet = VirtioHeader;
            return new PacketMetadata(vnet.NeedsChecksum, vnet.IsGso ? vnet.GsoSize : 0, PacketType, VlanId);
        }
    }
}
