namespace LvsOperator.Dataplane.Forwarding;

/// <summary>What the socket loop does with a frame after <see cref="PacketProcessor"/> looked at it.</summary>
public enum ForwardingAction : byte
{
    /// <summary>Not the director's business (not to a VIP, not from a known real server): leave it to the kernel.</summary>
    Ignore,

    /// <summary>Ours but unusable: dropped and counted under <see cref="ForwardingDecision.Reason"/>.</summary>
    Drop,

    /// <summary>Rewritten in place (NAT and MAC addresses): send it out <see cref="ForwardingDecision.InterfaceIndex"/>.</summary>
    Forward,

    /// <summary>An answer built in place (ARP reply, ICMP error or echo reply): send it out <see cref="ForwardingDecision.InterfaceIndex"/>.</summary>
    Reply,

    /// <summary>
    /// Ours, but the next hop's neighbour is not resolved yet (its resolution has been started). The frame is left
    /// exactly as it arrived, so the loop can hold a copy and offer it to the processor again once the neighbour
    /// resolves, like the kernel's unresolved-neighbour queue. A frame that cannot be held, or whose hold time runs
    /// out, is counted as a drop under <see cref="ForwardingDecision.Reason"/> (NeighbourUnresolved).
    /// </summary>
    Hold,
}
