using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Forwarding;

/// <summary>
/// What a router must not forward, although the frame parses and names a VIP: frames the kernel itself would not
/// route (another VLAN's, another host's, a unicast packet in a link-layer broadcast) and packets from addresses no
/// packet can truly come from (RFC 1812 §5.3.7). Each is dropped with its own reason — counted only when the frame was
/// plainly addressed to a VIP: a promiscuous tap also sees every other host's traffic, which is not the director's.
/// </summary>
public sealed partial class PacketProcessor
{
    /// <summary>
    /// The kernel strips an 802.1Q/802.1ad tag before a packet socket sees the frame and reports it only in the metadata;
    /// a tag still in the frame is a second one (QinQ). Either way the frame belongs to a VLAN device, and one the director
    /// has would be tapped on its own (where the kernel reports no tag): forwarding it untagged would hop VLANs.
    /// OTHERHOST frames are addressed to another MAC (the tap is promiscuous); a router SHOULD NOT forward a unicast
    /// packet that came as link-layer broadcast or multicast (RFC 1812 §5.3.4). ARP decides for itself (broadcast is how
    /// it asks). A few compares per frame, nothing looked up.
    /// </summary>
    private static DropReason NotRoutable(EthernetFrame ethernet, in PacketMetadata metadata)
    {
        if (metadata.VlanId != 0 || ethernet.HasVlanTag)
        {
            return DropReason.VlanTagged;
        }

        return metadata.PacketType switch
        {
            LinkPacketType.OtherHost => DropReason.OtherHost,
            LinkPacketType.Broadcast or LinkPacketType.Multicast => DropReason.LinkLayerBroadcast,
            _ => DropReason.None,
        };
    }

    /// <summary>
    /// RFC 1812 §5.3.7: "this network" 0/8, loopback 127/8, multicast 224/4, reserved 240/4 with the limited broadcast,
    /// and addresses that are the director's own — a VIP, an interface address or one of its subnets' broadcast. Asked
    /// only before a connection is made (a tracked flow's source was asked then): integer compares first, then two
    /// hash-set lookups.
    /// </summary>
    private bool IsMartianSource(uint source)
    {
        uint first = source >> 24;
        return first is 0 or 127 or >= 224 || _services.IsVip(source) || _interfaces.IsOwnAddress(source);
    }

    /// <summary>
    /// A packet the director does not handle counts as a drop only when it was plainly addressed to a VIP this director
    /// owns; anything else (malformed, not routable at all, or a VIP a peer owns) is not its business and is left to the kernel.
    /// </summary>
    private ForwardingDecision DroppedIfToVip(uint destination, DropReason reason) =>
        _services.IsOwnedVip(destination) ? ForwardingDecision.Dropped(reason) : ForwardingDecision.Ignore;
}
