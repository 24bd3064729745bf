namespace LvsOperator.Dataplane.Packets;

/// <summary>
/// Whom a received frame was addressed to on its link, as the kernel classified it by destination MAC (sll_pkttype,
/// the PACKET_* values of linux/if_packet.h, which these equal).
/// </summary>
public enum LinkPacketType : byte
{
    /// <summary>To this interface's own MAC (PACKET_HOST).</summary>
    Host = 0,

    /// <summary>To the link-layer broadcast address (PACKET_BROADCAST).</summary>
    Broadcast = 1,

    /// <summary>To a link-layer multicast address (PACKET_MULTICAST).</summary>
    Multicast = 2,

    /// <summary>To another host's MAC, seen only because the interface is promiscuous (PACKET_OTHERHOST).</summary>
    OtherHost = 3,

    /// <summary>Sent by this host (PACKET_OUTGOING); not shown with PACKET_IGNORE_OUTGOING.</summary>
    Outgoing = 4,
}
