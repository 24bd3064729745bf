using LvsOperator.Dataplane.Connections;
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

        if (icmp.Type == IcmpType.EchoRequest)
        {
            return _services.IsVip(ip.DestinationAddress) ? EchoReply(frame, ip, ingressInterfaceIndex) : ForwardingDecision.Ignore;
        }

        if (!icmp.IsError || !icmp.TryGetQuotedPacket(out var quoted, out _) || quoted.Protocol is not (IpProtocol.Tcp or IpProtocol.Udp))
        {
            return ForwardingDecision.Ignore;
        }

        if (_services.IsVip(ip.DestinationAddress))
        {
            // From the client side, about a reply we sent as VIP:vport -> CIP:cport.
            var clientFlow = new FlowKey(quoted.Protocol, quoted.DestinationAddress, quoted.DestinationPort, quoted.SourceAddress, quoted.SourcePort);
            if (!_connections.TryGetInbound(clientFlow, out var connection))
            {
                return ForwardingDecision.Dropped(DropReason.IcmpNoMatchingConnection);
            }

            ref readonly var entry = ref _connections.Get(connection);
            return TranslateIcmp(frame, ip, entry.RealAddress, NatRewriter.RewriteIcmpErrorInbound(ip.Packet, entry.RealAddress, entry.RealPort));
        }

        // From the real-server side, about a packet we sent CIP:cport -> RIP:rport.
        var serverFlow = new FlowKey(quoted.Protocol, quoted.DestinationAddress, quoted.DestinationPort, quoted.SourceAddress, quoted.SourcePort);
        if (!_connections.TryGetOutbound(serverFlow, out var outbound))
        {
            return ForwardingDecision.Ignore;
        }

        ref readonly var reply = ref _connections.Get(outbound);
        return TranslateIcmp(frame, ip, reply.ClientAddress, NatRewriter.RewriteIcmpErrorOutbound(ip.Packet, reply.VirtualAddress, reply.VirtualPort));
    }

    private ForwardingDecision TranslateIcmp(Span<byte> frame, Ipv4Header ip, uint destination, bool rewritten)
    {
        if (!rewritten)
        {
            return ForwardingDecision.Dropped(DropReason.TruncatedIcmp);
        }

        if (!_nextHops.TryResolve(destination, out var hop))
        {
            return ForwardingDecision.Dropped(DropReason.NeighbourUnresolved);
        }

        return NatRewriter.DecrementTtl(ip.Packet) ? Send(frame, ip, hop) : ForwardingDecision.Dropped(DropReason.TtlExpired);
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
