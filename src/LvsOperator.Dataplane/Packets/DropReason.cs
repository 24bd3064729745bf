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

    /// <summary>802.1Q/802.1ad-tagged: it belongs to a VLAN device, not to the tapped interface (forwarding it untagged would hop VLANs).</summary>
    VlanTagged,

    /// <summary>Addressed to another host's MAC (PACKET_OTHERHOST: the tap is promiscuous); the kernel would not route it either.</summary>
    OtherHost,

    /// <summary>A unicast IP packet that came as link-layer broadcast or multicast, which a router should not forward (RFC 1812 §5.3.4).</summary>
    LinkLayerBroadcast,

    /// <summary>From an address no packet can come from: 0/8, 127/8, multicast, 240/4 and broadcast, a VIP, the director's own (RFC 1812 §5.3.7).</summary>
    MartianSource,
}
