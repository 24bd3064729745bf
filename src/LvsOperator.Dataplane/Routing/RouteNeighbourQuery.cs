using System.Buffers.Binary;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Routing.Netlink;

namespace LvsOperator.Dataplane.Routing;

/// <summary>
/// The kernel lookups behind <see cref="NextHopResolver"/>: RTM_GETROUTE for one destination (so policy routing
/// applies, as with <c>ip route get</c>), then RTM_GETNEIGH for the gateway or the destination itself. When the
/// neighbour is unknown or stale it sends RTM_NEWNEIGH with NTF_USE, which makes the kernel run ARP for it exactly as
/// if it had traffic to send, without sending any (like <c>ip neigh replace ADDR dev DEV use nud none</c>).
/// Owned by the resolver thread.
/// </summary>
internal sealed class RouteNeighbourQuery
{
    private readonly RouteNetlinkSocket _netlink;
    private readonly NetlinkMessageHandler _onRoute;
    private readonly NetlinkMessageHandler _onNeighbour;
    private int _routeInterface;
    private uint _routeGateway;
    private bool _routeUsable;
    private ushort _neighbourState;
    private MacAddress _neighbourMac;

    public RouteNeighbourQuery(RouteNetlinkSocket netlink)
    {
        _netlink = netlink;
        _onRoute = OnRoute;
        _onNeighbour = OnNeighbour;
    }

    public NeighbourLookup Lookup(uint destination, InterfaceTable interfaces, out NextHop nextHop)
    {
        nextHop = default;
        if (!TryRoute(destination, out var interfaceIndex, out var gateway)
            || !interfaces.TryGet(interfaceIndex, out var egress)
            || !egress.IsEthernet)
        {
            return NeighbourLookup.NoRoute;
        }

        var neighbour = gateway != 0 ? gateway : destination;
        var known = TryNeighbour(neighbour, interfaceIndex, out var mac, out var state);
        if (!known || (state & (NetlinkConstants.NudReachable | NetlinkConstants.NudPermanent | NetlinkConstants.NudNoArp)) == 0)
        {
            // STALE/DELAY/PROBE entries still have a usable MAC but the kernel only re-confirms them when traffic uses
            // them, and the forwarder's traffic bypasses the kernel: nudge it.
            Poke(neighbour, interfaceIndex);
        }

        const ushort usable = NetlinkConstants.NudReachable | NetlinkConstants.NudStale | NetlinkConstants.NudDelay
            | NetlinkConstants.NudProbe | NetlinkConstants.NudPermanent;
        if (!known || mac == MacAddress.Zero || (state & usable) == 0)
        {
            return NeighbourLookup.Pending;
        }

        nextHop = new NextHop(interfaceIndex, egress.Mac, mac, egress.Mtu);
        return NeighbourLookup.Resolved;
    }

    private bool TryRoute(uint destination, out int interfaceIndex, out uint gateway)
    {
        Span<byte> body = stackalloc byte[NetlinkConstants.RtMsgSize + 8];
        body.Clear();
        body[0] = NetlinkConstants.AfInet;
        body[1] = 32;
        Span<byte> address = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(address, destination);
        NetlinkAttributes.Write(body, NetlinkConstants.RtMsgSize, NetlinkConstants.RtaDst, address);
        _routeInterface = 0;
        _routeGateway = 0;
        _routeUsable = false;
        var errno = _netlink.Exchange(NetlinkConstants.RtmGetRoute, 0, body, _onRoute);
        interfaceIndex = _routeInterface;
        gateway = _routeGateway;
        return errno == 0 && _routeUsable && interfaceIndex > 0;
    }

    private void OnRoute(ushort type, ReadOnlySpan<byte> payload)
    {
        if (type != NetlinkConstants.RtmNewRoute || payload.Length < NetlinkConstants.RtMsgSize)
        {
            return;
        }

        // Local, broadcast, blackhole, unreachable, prohibit: nothing to forward to.
        _routeUsable = payload[7] == NetlinkConstants.RtnUnicast;
        var rest = payload[NetlinkConstants.RtMsgSize..];
        while (NetlinkAttributes.TryNext(ref rest, out var attribute, out var value))
        {
            if (attribute == NetlinkConstants.RtaOif && value.Length >= 4)
            {
                _routeInterface = BinaryPrimitives.ReadInt32LittleEndian(value);
            }
            else if (attribute == NetlinkConstants.RtaGateway)
            {
                _routeGateway = NetlinkAttributes.ReadAddress(value);
            }
        }
    }

    private bool TryNeighbour(uint address, int interfaceIndex, out MacAddress mac, out ushort state)
    {
        Span<byte> body = stackalloc byte[NetlinkConstants.NdMsgSize + 8];
        WriteNeighbourRequest(body, address, interfaceIndex, state: 0, flags: 0);
        _neighbourState = 0;
        _neighbourMac = MacAddress.Zero;
        var errno = _netlink.Exchange(NetlinkConstants.RtmGetNeigh, 0, body, _onNeighbour);
        mac = _neighbourMac;
        state = _neighbourState;
        return errno == 0 && state != 0;
    }

    private void OnNeighbour(ushort type, ReadOnlySpan<byte> payload)
    {
        if (type != NetlinkConstants.RtmNewNeigh || payload.Length < NetlinkConstants.NdMsgSize)
        {
            return;
        }

        _neighbourState = BinaryPrimitives.ReadUInt16LittleEndian(payload[8..]);
        var rest = payload[NetlinkConstants.NdMsgSize..];
        while (NetlinkAttributes.TryNext(ref rest, out var attribute, out var value))
        {
            if (attribute == NetlinkConstants.NdaLladdr && value.Length == 6)
            {
                _neighbourMac = MacAddress.Read(value);
            }
        }
    }

    private void Poke(uint address, int interfaceIndex)
    {
        Span<byte> body = stackalloc byte[NetlinkConstants.NdMsgSize + 8];
        WriteNeighbourRequest(body, address, interfaceIndex, state: 0, flags: NetlinkConstants.NtfUse);
        _netlink.Exchange(
            NetlinkConstants.RtmNewNeigh,
            NetlinkConstants.NlmFCreate | NetlinkConstants.NlmFReplace | NetlinkConstants.NlmFAck,
            body,
            static (_, _) => { });
    }

    private static void WriteNeighbourRequest(Span<byte> body, uint address, int interfaceIndex, ushort state, byte flags)
    {
        body.Clear();
        body[0] = NetlinkConstants.AfInet;
        BinaryPrimitives.WriteInt32LittleEndian(body[4..], interfaceIndex);
        BinaryPrimitives.WriteUInt16LittleEndian(body[8..], state);
        body[10] = flags;
        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, address);
        NetlinkAttributes.Write(body, NetlinkConstants.NdMsgSize, NetlinkConstants.NdaDst, value);
    }
}
