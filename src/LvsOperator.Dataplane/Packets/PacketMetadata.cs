namespace LvsOperator.Dataplane.Packets;

/// <summary>
/// What the socket layer knows about a received frame besides its bytes (from PACKET_VNET_HDR / PACKET_AUXDATA):
/// whether the L4 checksum is partial (only the pseudo-header sum is present, the NIC or kernel completes it on
/// transmit) and, for a GRO/GSO super-frame, the segment size the kernel will cut it into.
/// </summary>
public readonly record struct PacketMetadata(bool ChecksumPartial, int GsoSegmentSize)
{
    public static PacketMetadata None => default;
}
