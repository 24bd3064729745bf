namespace LvsOperator.Dataplane.Sockets.Native;

/// <summary>
/// Offsets into struct tpacket3_hdr, the per-frame header inside a TPACKET_V3 block, and to the struct sockaddr_ll the
/// kernel writes after it (at TPACKET_ALIGN(sizeof(struct tpacket3_hdr)) = 48: tpacket_rcv's "sll").
/// </summary>
internal static class Tpacket3Header
{
    public const int NextOffset = 0;
    public const int SnapLength = 12;
    public const int Length = 16;
    public const int Status = 20;
    public const int MacOffset = 24;

    /// <summary>hv1.tp_vlan_tci (a u32), filled when Status has TP_STATUS_VLAN_VALID.</summary>
    public const int VlanTci = 32;

    public const int SockaddrOffset = 48;
}
