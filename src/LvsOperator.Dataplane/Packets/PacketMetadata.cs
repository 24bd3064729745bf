namespace LvsOperator.Dataplane.Packets;

/// <summary>
/// What the socket layer knows about a received frame besides its bytes (from PACKET_VNET_HDR, PACKET_AUXDATA and the
/// sender's sockaddr_ll): whether the L4 checksum is partial (only the pseudo-header sum is present, the NIC or kernel
/// completes it on transmit); for a GRO/GSO super-frame, the segment size the kernel will cut it into; whom the frame
/// was addressed to on the link; and the VLAN id of an 802.1Q/802.1ad tag the kernel took off before the socket saw
/// the frame (0 when untagged or only priority-tagged, which the kernel treats as untagged).
/// </summary>
public readonly record struct PacketMetadata(
    bool ChecksumPartial, int GsoSegmentSize, LinkPacketType PacketType = LinkPacketType.Host, ushort VlanId = 0)
{
    public static PacketMetadata None => default;
}
