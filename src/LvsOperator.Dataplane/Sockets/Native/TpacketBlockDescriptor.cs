namespace LvsOperator.Dataplane.Sockets.Native;

/// <summary>
/// Offsets into struct tpacket_block_desc (with its tpacket_hdr_v1), the header at the start of every TPACKET_V3 ring
/// block. Read through offsets rather than a struct because the kernel writes them while we look.
/// </summary>
internal static class TpacketBlockDescriptor
{
    public const int BlockStatus = 8;
    public const int PacketCount = 12;
    public const int OffsetToFirstPacket = 16;
}
