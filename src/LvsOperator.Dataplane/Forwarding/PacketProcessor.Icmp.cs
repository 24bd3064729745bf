using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Forwarding;

public sealed partial class PacketProcessor
{
    /// <summary>
    /// Pings to a VIP are answered by the director. ICMP errors are matched to a connection by the packet they quote
    /// and translated outer and inner (as IPVS does), so path-MTU discovery and port-unreachable work through NAT.
    /// </summary>
    private ForwardingDecision ProcessIcmp(Span<byte> frame, Ipv4Header ip, int ingressInterfaceIndex)
    {
        if (!IcmpHeader.TryParse(ip.Payload, out var icmp, out var reason))
        {
            return DroppedIfToVip(ip.DestinationAddress, reason);
        }

        bool fromClientSide = _services.IsVip(ip.DestinationAddress);
        if (fromClientSide && !_services.Owns(ip.DestinationAddress))
        {
            return ForwardingDecision.Ignore; // to or about a VIP another director owns
        }

        if (fromClientSide && IsMartianSource(ip.SourceAddress))
        {
            return ForwardingDecision.Dropped(DropReason.MartianSource); // neither answered nor translated
        }

        if (icmp.Type == IcmpType.EchoRequest)
        {
            return fromClientSide ? EchoReply(frame, ip, ingressInterfaceIndex) : ForwardingDecision.Ignore;
        }

        if (!icmp.IsError || !icmp.TryGetQuotedPacket(out var quoted, out _) || quoted.Protocol is not (IpProtocol.Tcp or IpProtocol.Udp))
        {
            return ForwardingDecision.Ignore;
        }

        // The quoted packet went the other way: its reverse is the flow as the connection table keys it.
        var flow = new FlowKey(quoted.Protocol, quoted.DestinationAddress, quoted.DestinationPort, quoted.SourceAddress, quoted.SourcePort);
        int connection;
        if (fromClientSide)
        {
            // About a reply we sent as VIP:vport -> CIP:cport.
            if (!_connections.TryGetInbound(flow, out connection))
            {
                return ForwardingDecision.Dropped(DropReason.IcmpNoMatchingConnection);
            }
        }
        else if (!_connections.TryGetOutbound(flow, out connection) || !_services.Owns(_connections.Get(connection).VirtualAddress))
        {
            return ForwardingDecision.Ignore; // not about a packet we sent CIP:cport -> RIP:rport, or its VIP is another director's
        }

        // Resolve before touching the frame: a held frame is processed again, and must be as it arrived.
        ref readonly var entry = ref _connections.Get(connection);
        if (!_nextHops.TryResolve(fromClientSide ? entry.RealAddress : entry.ClientAddress, out var hop))
        {
            return ForwardingDecision.Hold;
        }

        if (!NatRewriter.DecrementTtl(ip.Packet))
        {
            return ForwardingDecision.Dropped(DropReason.TtlExpired);
        }

        bool rewritten = fromClientSide
            ? NatRewriter.RewriteIcmpErrorInbound(ip.Packet, entry.RealAddress, entry.RealPort)
            : NatRewriter.RewriteIcmpErrorOutbound(ip.Packet, entry.VirtualAddress, entry.VirtualPort);
        return rewritten ? Send(frame, ip.TotalLength, hop) : ForwardingDecision.Dropped(DropReason.TruncatedIcmp);
    }

    private ForwardingDecision EchoReply(Span<byte> frame, Ipv4Header ip, int ingressInterfaceIndex)
    {
        if (!_interfaces.TryGetMac(ingressInterfaceIndex, out var ownMac) || !IcmpWriter.TryWriteEchoReplyInPlace(ip.Packet))
        {
            return ForwardingDecision.Dropped(DropReason.UnsupportedIcmp);
        }

        var sender = MacAddress.Read(frame[6..]);
        sender.Write(frame);
        ownMac.Write(frame[6..]);
        return new ForwardingDecision(ForwardingAction.Reply, DropReason.None, ingressInterfaceIndex, EthernetFrame.UntaggedHeaderLength + ip.TotalLength);
    }
}
