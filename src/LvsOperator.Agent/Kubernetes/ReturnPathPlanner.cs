using LvsOperator.Api;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.ReturnPath;

namespace LvsOperator.Agent.Kubernetes;

/// <summary>
/// The return path this node needs: for every VirtualService whose VIP another node holds, the backends in its
/// status that run here (<c>nodeName</c> = this node), grouped by the holder, routed to the holder's InternalIP.
/// Every VirtualService counts, not only those selecting this node: a pod here may serve a VIP directed elsewhere.
/// A VIP nobody holds, or whose holder's address is unknown, gets no route (there is nowhere better to send it).
/// </summary>
internal static class ReturnPathPlanner
{
    public static IReadOnlyList<ReturnRoute> Plan(
        IEnumerable<VirtualService> services, string nodeName, Func<uint, string?> holderOf, Func<string, uint?> addressOf)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(holderOf);
        ArgumentNullException.ThrowIfNull(addressOf);
        var byOwner = new SortedDictionary<string, SortedSet<ReplySource>>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            if (service.Status?.Backends is not { Count: > 0 } backends
                || !Ipv4Format.TryParse(service.Spec?.Vip, out var vip)
                || holderOf(vip) is not { } holder
                || holder == nodeName)
            {
                continue;
            }

            foreach (var backend in backends)
            {
                if (backend?.NodeName == nodeName && Source(service.Spec!, backend) is { } source)
                {
                    if (!byOwner.TryGetValue(holder, out var sources))
                    {
                        byOwner[holder] = sources = new SortedSet<ReplySource>(Comparer<ReplySource>.Create(Compare));
                    }

                    sources.Add(source);
                }
            }
        }

        var routes = new List<ReturnRoute>();
        foreach (var (owner, sources) in byOwner)
        {
            if (addressOf(owner) is { } gateway)
            {
                routes.Add(new ReturnRoute(owner, gateway, [.. sources]));
            }
        }

        return routes;
    }

    /// <summary>Whether two plans route the same replies the same way (then the kernel need not be touched).</summary>
    public static bool Same(IReadOnlyList<ReturnRoute>? a, IReadOnlyList<ReturnRoute> b) =>
        a is not null && a.Count == b.Count
        && a.Zip(b).All(p => p.First.Owner == p.Second.Owner && p.First.Gateway == p.Second.Gateway && p.First.Sources.SequenceEqual(p.Second.Sources));

    private static ReplySource? Source(VirtualServiceSpec spec, BackendStatus backend)
    {
        var port = spec.Ports?.FirstOrDefault(p => p is not null && (p.Name ?? "") == (backend.PortName ?? ""));
        if (port is null || !Ipv4Format.TryParse(backend.Ip, out var address) || backend.Port is < 1 or > 65535)
        {
            return null;
        }

        return port.EffectiveProtocol switch
        {
            "TCP" => new ReplySource(IpProtocol.Tcp, address, (ushort)backend.Port),
            "UDP" => new ReplySource(IpProtocol.Udp, address, (ushort)backend.Port),
            _ => null,
        };
    }

    private static int Compare(ReplySource x, ReplySource y) =>
        x.Address != y.Address ? x.Address.CompareTo(y.Address)
        : x.Port != y.Port ? x.Port.CompareTo(y.Port)
        : ((byte)x.Protocol).CompareTo((byte)y.Protocol);
}
