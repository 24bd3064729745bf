namespace LvsOperator.Dataplane.Sockets.Native;

/// <summary>Offsets into struct tpacket3_hdr, the per-frame header inside a TPACKET_V3 block.</summary>
internal static class Tpacket3Header
{
    public const int NextOffset = 0;
    public const int SnapLength = 12;
    public const int Length = 16;
    public const int Status = 20;
    public const int MacOffset = 24;
}
