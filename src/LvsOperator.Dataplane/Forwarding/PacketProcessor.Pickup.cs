using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;
using LvsOperator.Dataplane.Services;

namespace LvsOperator.Dataplane.Forwarding;

/// <summary>
/// Mid-flow pickup: a TCP segment of a flow the connection table does not know — the agent restarted, or another
/// director saw the SYN — is tracked as if it had opened the connection, when the service's scheduler is a consistent
/// hash (<see cref="IScheduler.PicksUpMidFlow"/>), as Katran and Maglev do; the client side is in <c>Inbound</c>, the
/// server side here. A reset is forwarded by the same choice but creates no entry (see <see cref="ResetUntracked"/>).
/// </summary>
public sealed partial class PacketProcessor
{
    /// <summary>
    /// A real server's segment that no connection expects. During a download only the server sends (the client has
    /// nothing to say until data arrives), so a pickup that waited for the client would never come. It belongs to the
    /// service whose scheduler picks this server for the flow (the reply's destination is the client); failing that,
    /// to the only service that has this server at all (the server set changed, or the server drains and the hash
    /// skips it: the server's own segment says where the connection lives). Anything else stays the kernel's.
    /// </summary>
    private ForwardingDecision PickUpFromServer(in PacketContext packet)
    {
        var reply = packet.Flow;
        if (TcpStateMachine.IsInitialSyn(packet.TcpFlags)
            || !_services.Pickups.TryGet(reply.Protocol, reply.SourceAddress, reply.SourcePort, out var candidates))
        {
            return ForwardingDecision.Ignore;
        }

        int chosen = -1;
        bool scheduled = false;
        for (int i = 0; i < candidates.Length && !scheduled; i++)
        {
            var flow = ClientFlow(in reply, candidates[i].Service.Key);
            scheduled = ReferenceEquals(candidates[i].Service.Peek(in flow), candidates[i].Server);
            chosen = scheduled ? i : chosen;
        }

        if (chosen < 0 && candidates.Length != 1)
        {
            return ForwardingDecision.Ignore;
        }

        var (service, server) = candidates[Math.Max(chosen, 0)];
        if ((packet.TcpFlags & TcpStateMachine.Rst) != 0)
        {
            return ResetUntracked(in packet, service, server, inbound: false);
        }

        // The template the client's network would have got, when the scheduler agrees; none when only the server says so.
        var clientFlow = ClientFlow(in reply, service.Key);
        PersistenceTable? persistence = null;
        int template = -1;
        if (scheduled && service.Persistence is not null)
        {
            service.Schedule(in clientFlow, out persistence, out template);
        }

        var added = _connections.TryAdd(in clientFlow, server, out int connection, persistence, template);
        if (added != ConnectionAddResult.Added)
        {
            // AlreadyTracked: the client's flow goes to another server, so this one's segment is not ours to answer for.
            return added == ConnectionAddResult.TableFull
                ? ForwardingDecision.Dropped(DropReason.ConnectionTableFull)
                : ForwardingDecision.Ignore;
        }

        service.CountMidflowPickup();
        return Translate(in packet, connection, inbound: false);
    }

    /// <summary>
    /// A reset of a flow the table does not know, sent on to <paramref name="server"/> (client side) or back to the
    /// client as the VIP (server side) without creating an entry. Katran forwards every segment by its hash; ipvs
    /// with sloppy_tcp never creates a connection from a reset. Forwarding lets the other end drop its half of a
    /// connection the director lost (it would otherwise hold it until its own timeouts); not tracking means a flood
    /// of resets costs no table space. An end that has no such connection ignores the reset (RFC 793, RFC 5961).
    /// </summary>
    private ForwardingDecision ResetUntracked(in PacketContext packet, VirtualServer service, RealServer? server, bool inbound)
    {
        if (server is null)
        {
            return ForwardingDecision.Dropped(DropReason.NoRealServer);
        }

        if (!TryRoute(in packet, inbound ? server.Address : packet.Flow.DestinationAddress, out var hop, out var refused))
        {
            return refused;
        }

        bool checksumPartial = packet.Metadata.ChecksumPartial;
        if (inbound)
        {
            server.CountIn(packet.Ip.TotalLength);
            NatRewriter.RewriteDestination(packet.Ip.Packet, server.Address, server.Port, checksumPartial);
        }
        else
        {
            server.CountOut(packet.Ip.TotalLength);
            NatRewriter.RewriteSource(packet.Ip.Packet, service.Key.Vip, service.Key.Port, checksumPartial);
        }

        return Send(packet.Frame, packet.Ip.TotalLength, hop);
    }

    /// <summary>The client's flow (CIP:cport → VIP:vport) that a real server's reply to CIP:cport answers, at one service.</summary>
    private static FlowKey ClientFlow(in FlowKey reply, in VirtualServiceKey service) =>
        new(reply.Protocol, reply.DestinationAddress, reply.DestinationPort, service.Vip, service.Port);
}
