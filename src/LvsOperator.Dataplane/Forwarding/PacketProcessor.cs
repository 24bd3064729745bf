using System.Buffers.Binary;
using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Routing;
using LvsOperator.Dataplane.Services;

namespace LvsOperator.Dataplane.Forwarding;

/// <summary>
/// The LVS-NAT decision for one frame: ARP for owned VIPs, DNAT of client packets to a scheduled real server, reverse
/// SNAT of the real servers' replies back to the VIP, and translation of ICMP errors about those flows. Frames that are
/// none of these are <see cref="ForwardingAction.Ignore"/>d and left to the kernel. Runs on the forwarder thread,
/// rewrites the frame in place and allocates nothing.
/// </summary>
public sealed partial class PacketProcessor : IFrameProcessor
{
    private readonly ServiceTable _services;
    private readonly ConnectionTable _connections;
    private readonly INextHopResolver _nextHops;
    private readonly ILocalInterfaces _interfaces;

    // ICMP errors the director originates (frag-needed) are built here first: the source is the frame being replaced.
    private readonly byte[] _icmpScratch = new byte[IcmpScratchLength];
    private const int IcmpScratchLength = 20 + 8 + 60 + 8;

    public PacketProcessor(ServiceTable services, ConnectionTable connections, INextHopResolver nextHops, ILocalInterfaces interfaces)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(nextHops);
        ArgumentNullException.ThrowIfNull(interfaces);
        _services = services;
        _connections = connections;
        _nextHops = nextHops;
        _interfaces = interfaces;
    }

    public ForwardingDecision Process(Span<byte> frame, int ingressInterfaceIndex, in PacketMetadata metadata)
    {
        if (!EthernetFrame.TryParse(frame, out var ethernet, out _))
        {
            return ForwardingDecision.Ignore; // runt or junk: not addressed to anything we own, the kernel will discard it
        }

        var notForUs = NotRoutable(ethernet, in metadata);
        if (ethernet.EtherType == EtherType.Arp)
        {
            return ProcessArp(ethernet, ingressInterfaceIndex, notForUs);
        }

        if (ethernet.EtherType != EtherType.Ipv4)
        {
            return ForwardingDecision.Ignore;
        }

        if (!Ipv4Header.TryParse(ethernet.Payload, out var ip, out var reason))
        {
            var payload = ethernet.Payload;
            return payload.Length >= Ipv4Header.MinimumHeaderLength
                ? DroppedIfToVip(BinaryPrimitives.ReadUInt32BigEndian(payload[Ipv4Header.DestinationAddressOffset..]), reason)
                : ForwardingDecision.Ignore;
        }

        if (notForUs != DropReason.None)
        {
            return DroppedIfToVip(ip.DestinationAddress, notForUs);
        }

        return ip.Protocol switch
        {
            IpProtocol.Tcp or IpProtocol.Udp => ProcessTransport(frame, ip, ingressInterfaceIndex, metadata),
            IpProtocol.Icmp => ProcessIcmp(frame, ip, ingressInterfaceIndex),
            _ => ForwardingDecision.Ignore,
        };
    }

    private ForwardingDecision ProcessArp(EthernetFrame ethernet, int ingressInterfaceIndex, DropReason notForUs)
    {
        if (!ArpPacket.TryParse(ethernet.Payload, out var arp, out _)
            || !arp.IsRequest
            || arp.IsGratuitous
            || !_services.IsOwnedVip(arp.TargetAddress))
        {
            return ForwardingDecision.Ignore;
        }

        // Broadcast is how ARP asks; a request tagged for another VLAN or sent to another host's MAC is not ours to answer.
        if (notForUs is DropReason.VlanTagged or DropReason.OtherHost)
        {
            return ForwardingDecision.Dropped(notForUs);
        }

        if (!_interfaces.TryGetMac(ingressInterfaceIndex, out var ownMac))
        {
            return ForwardingDecision.Ignore;
        }

        var length = ArpPacket.WriteReplyInPlace(ethernet.Frame, ownMac);
        return length == 0
            ? ForwardingDecision.Ignore
            : new ForwardingDecision(ForwardingAction.Reply, DropReason.None, ingressInterfaceIndex, length);
    }

    private ForwardingDecision ProcessTransport(Span<byte> frame, Ipv4Header ip, int ingressInterfaceIndex, in PacketMetadata metadata)
    {
        ushort sourcePort, destinationPort;
        byte tcpFlags = 0;
        int transportHeaderLength;
        DropReason reason;
        if (ip.Protocol == IpProtocol.Tcp)
        {
            if (!TcpHeader.TryParse(ip.Payload, out var tcp, out reason))
            {
                return DroppedIfToVip(ip.DestinationAddress, reason);
            }

            (sourcePort, destinationPort, tcpFlags, transportHeaderLength) = (tcp.SourcePort, tcp.DestinationPort, (byte)tcp.Flags, tcp.HeaderLength);
        }
        else
        {
            if (!UdpHeader.TryParse(ip.Payload, out var udp, out reason))
            {
                return DroppedIfToVip(ip.DestinationAddress, reason);
            }

            (sourcePort, destinationPort, transportHeaderLength) = (udp.SourcePort, udp.DestinationPort, UdpHeader.HeaderLength);
        }

        int wireLength = metadata.GsoSegmentSize > 0 ? ip.HeaderLength + transportHeaderLength + metadata.GsoSegmentSize : ip.TotalLength;
        var packet = new PacketContext(
            frame,
            ip,
            new FlowKey(ip.Protocol, ip.SourceAddress, sourcePort, ip.DestinationAddress, destinationPort),
            tcpFlags,
            wireLength,
            ingressInterfaceIndex,
            metadata);

        // A VIP this director does not own (a standby's) is left alone both ways: the kernel guard drops its
        // traffic, and its real servers' replies are routed to the director that does own it.
        if (_services.TryGet(ip.Protocol, ip.DestinationAddress, destinationPort, out var service))
        {
            return service.IsOwned ? Inbound(in packet, service) : ForwardingDecision.Ignore;
        }

        if (_connections.TryGetOutbound(in packet.Flow, out var outbound))
        {
            return _services.Owns(_connections.Get(outbound).VirtualAddress) ? Translate(in packet, outbound, inbound: false) : ForwardingDecision.Ignore;
        }

        return ip.Protocol == IpProtocol.Tcp ? PickUpFromServer(in packet) : ForwardingDecision.Ignore;
    }

    private ForwardingDecision Inbound(in PacketContext packet, VirtualServer service)
    {
        // A bare SYN on the port of a connection in TIME_WAIT/CLOSE misses here: the table treats it as a new connection.
        if (_connections.TryGetInbound(in packet.Flow, packet.TcpFlags, out var connection))
        {
            return Translate(in packet, connection, inbound: true);
        }

        // Checked before a connection is made, so its later packets (the same source, by its key) need not be.
        if (IsMartianSource(packet.Flow.SourceAddress))
        {
            return ForwardingDecision.Dropped(DropReason.MartianSource);
        }

        bool midFlow = packet.Flow.Protocol == IpProtocol.Tcp && !TcpStateMachine.IsInitialSyn(packet.TcpFlags);
        if (midFlow)
        {
            if (!service.Scheduler.PicksUpMidFlow)
            {
                return ForwardingDecision.Dropped(DropReason.NotSynForNewConnection);
            }

            if ((packet.TcpFlags & TcpStateMachine.Rst) != 0)
            {
                return ResetUntracked(in packet, service, service.Peek(in packet.Flow), inbound: true);
            }
        }

        var server = service.Schedule(in packet.Flow, out var persistence, out var template);
        if (server is null)
        {
            return ForwardingDecision.Dropped(DropReason.NoRealServer);
        }

        var added = _connections.TryAdd(in packet.Flow, server, out connection, persistence, template, packet.TcpFlags);
        if (added != ConnectionAddResult.Added)
        {
            return ForwardingDecision.Dropped(added switch
            {
                ConnectionAddResult.TableFull => DropReason.ConnectionTableFull,
                _ => DropReason.ConnectionClash, // Clash; AlreadyTracked cannot happen, the lookup above missed
            });
        }

        if (midFlow)
        {
            service.CountMidflowPickup();
        }

        return Translate(in packet, connection, inbound: true);
    }

    /// <summary>
    /// Sends a packet of a tracked connection on: DNAT toward the real server (<paramref name="inbound"/>) or the
    /// reverse SNAT back to the VIP, after the checks a router makes (<see cref="TryRoute"/>).
    /// </summary>
    private ForwardingDecision Translate(in PacketContext packet, int connection, bool inbound)
    {
        ref readonly var entry = ref _connections.Get(connection);
        if (!TryRoute(in packet, inbound ? entry.RealAddress : entry.ClientAddress, out var hop, out var refused))
        {
            return refused;
        }

        bool checksumPartial = packet.Metadata.ChecksumPartial;
        if (inbound)
        {
            _connections.RecordInbound(connection, packet.Ip.TotalLength, packet.TcpFlags);
            NatRewriter.RewriteDestination(packet.Ip.Packet, entry.RealAddress, entry.RealPort, checksumPartial);
        }
        else
        {
            _connections.RecordOutbound(connection, packet.Ip.TotalLength, packet.TcpFlags);
            NatRewriter.RewriteSource(packet.Ip.Packet, entry.VirtualAddress, entry.VirtualPort, checksumPartial);
        }

        return Send(packet.Frame, packet.Ip.TotalLength, hop);
    }

    /// <summary>
    /// The checks a router makes before it sends a packet toward <paramref name="nextHopAddress"/>: next hop known (else
    /// Hold, before anything touches the frame or a connection's state), fits the MTU, TTL left (decremented here).
    /// </summary>
    private bool TryRoute(in PacketContext packet, uint nextHopAddress, out NextHop hop, out ForwardingDecision refused)
    {
        if (!_nextHops.TryResolve(nextHopAddress, out hop))
        {
            refused = ForwardingDecision.Hold;
            return false;
        }

        if (packet.WireLength > hop.Mtu)
        {
            refused = TooBig(in packet, hop.Mtu);
            return false;
        }

        if (!NatRewriter.DecrementTtl(packet.Ip.Packet))
        {
            refused = ForwardingDecision.Dropped(DropReason.TtlExpired);
            return false;
        }

        refused = default;
        return true;
    }

    private static ForwardingDecision Send(Span<byte> frame, int ipLength, in NextHop hop)
    {
        hop.DestinationMac.Write(frame);
        hop.SourceMac.Write(frame[6..]);
        return new ForwardingDecision(ForwardingAction.Forward, DropReason.None, hop.InterfaceIndex, EthernetFrame.UntaggedHeaderLength + ipLength);
    }

    /// <summary>
    /// A packet larger than the egress MTU: with DF set the director answers "fragmentation needed" like any router, so
    /// path-MTU discovery works through it; without DF it is dropped (the forwarder does not fragment).
    /// </summary>
    private ForwardingDecision TooBig(in PacketContext packet, int mtu)
    {
        var frame = packet.Frame;
        var ip = packet.Ip;
        int ingressInterfaceIndex = packet.IngressInterfaceIndex;
        if (!ip.DontFragment
            || !_interfaces.TryGetAddress(ingressInterfaceIndex, out var ownAddress)
            || !_interfaces.TryGetMac(ingressInterfaceIndex, out var ownMac)
            || !IcmpWriter.TryWriteFragmentationNeeded(ip.Packet, ownAddress, mtu, _icmpScratch, out var length))
        {
            return ForwardingDecision.Dropped(DropReason.FrameTooLarge);
        }

        var sender = MacAddress.Read(frame[6..]);
        EthernetFrame.WriteHeader(frame, sender, ownMac, EtherType.Ipv4);
        _icmpScratch.AsSpan(0, length).CopyTo(frame[EthernetFrame.UntaggedHeaderLength..]);
        return new ForwardingDecision(ForwardingAction.Reply, DropReason.FrameTooLarge, ingressInterfaceIndex, EthernetFrame.UntaggedHeaderLength + length);
    }
}
