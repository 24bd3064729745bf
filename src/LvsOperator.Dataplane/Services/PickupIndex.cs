using System.Diagnostics.CodeAnalysis;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;

namespace LvsOperator.Dataplane.Services;

/// <summary>
/// The services a real server's segment of an unknown flow may belong to: by (protocol, RIP, rport), the services whose
/// scheduler <see cref="IScheduler.PicksUpMidFlow"/> and that have that real server, each with its RealServer object
/// (usually one). A download picked up after a restart starts here: the client, only receiving, sends nothing the
/// director could pick it up from. Immutable; <see cref="ServiceTable.Apply"/> builds a new one.
/// </summary>
internal sealed class PickupIndex
{
    private readonly Dictionary<(IpProtocol, uint, ushort), (VirtualServer Service, RealServer Server)[]> _byRealServer;

    private PickupIndex(Dictionary<(IpProtocol, uint, ushort), (VirtualServer Service, RealServer Server)[]> byRealServer) =>
        _byRealServer = byRealServer;

    public static PickupIndex Empty { get; } = new([]);

    public static PickupIndex Build(IEnumerable<VirtualServer> services)
    {
        var index = new Dictionary<(IpProtocol, uint, ushort), List<(VirtualServer, RealServer)>>();
        foreach (var service in services)
        {
            if (!service.Scheduler.PicksUpMidFlow)
            {
                continue;
            }

            foreach (var server in service.RealServers)
            {
                var key = (service.Key.Protocol, server.Address, server.Port);
                if (!index.TryGetValue(key, out var list))
                {
                    index[key] = list = [];
                }

                list.Add((service, server));
            }
        }

        return new PickupIndex(index.ToDictionary(entry => entry.Key, entry => entry.Value.ToArray()));
    }

    public bool TryGet(
        IpProtocol protocol, uint address, ushort port, [MaybeNullWhen(false)] out (VirtualServer Service, RealServer Server)[] services) =>
        _byRealServer.TryGetValue((protocol, address, port), out services);
}
