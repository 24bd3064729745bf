namespace LvsOperator.Dataplane.Packets;

/// <summary>
/// Why a frame was not forwarded. Every drop is counted by reason (exported in /metrics), so a malformed
/// or unexpected packet is visible to an operator instead of silently vanishing. Values are stable: they
/// index counter arrays.
/// </summary>
public enum DropReason : byte
{
    None = 0,
    TruncatedEthernet,
    UnsupportedEtherType,
    TruncatedArp,
    UnsupportedArp,
    TruncatedIpv4,
    BadIpv4Version,
    BadIpv4HeaderLength,
    BadIpv4TotalLength,
    BadIpv4Checksum,
    Fragmented,
    TtlExpired,
    TruncatedTcp,
    BadTcpHeaderLength,
    TruncatedUdp,
    BadUdpLength,
    TruncatedIcmp,
    UnsupportedIcmp,
    IcmpNoMatchingConnection,
    UnsupportedProtocol,
    NoVirtualService,
    NoRealServer,
    ConnectionTableFull,
    NotSynForNewConnection,
    NoRoute,
    NeighbourUnresolved,
    FrameTooLarge,
    SendFailed,

    /// <summary>A new connection whose replies would be indistinguishable from a live connection's (same RIP:rport and CIP:cport).</summary>
    ConnectionClash,
}
