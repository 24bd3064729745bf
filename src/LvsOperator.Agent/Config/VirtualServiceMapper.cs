using LvsOperator.Api;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Services;
using ServicePersistence = LvsOperator.Dataplane.Services.PersistenceSpec;

namespace LvsOperator.Agent.Config;

/// <summary>
/// Turns validated VirtualServices into the data plane's desired state: one <see cref="VirtualServerSpec"/> per port
/// (as <c>ipvsadm -A</c> has one service per protocol/VIP/port), real servers from the resolved backends of that
/// port. A Draining backend is programmed with weight 0: it keeps its connections and gets no new ones.
/// </summary>
internal static class VirtualServiceMapper
{
    public static DesiredConfiguration Map(IReadOnlyList<ResolvedVirtualService> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var specs = new List<VirtualServerSpec>();
        var owners = new Dictionary<VirtualServiceKey, string>();
        foreach (var (service, backends) in services)
        {
            var spec = service.Spec;
            var vip = Ipv4Format.Parse(spec.Vip);
            var persistence = spec.Persistence is { TimeoutSeconds: > 0 } p
                ? new ServicePersistence(TimeSpan.FromSeconds(p.TimeoutSeconds), string.IsNullOrEmpty(p.Netmask) ? 0xFFFFFFFF : Ipv4Format.Parse(p.Netmask))
                : null;
            foreach (var port in spec.Ports)
            {
                var realServers = new List<RealServerSpec>();
                foreach (var backend in backends)
                {
                    if (string.Equals(backend.PortName ?? "", port.Name ?? "", StringComparison.Ordinal))
                    {
                        var weight = backend.State == BackendStates.Draining ? 0 : backend.Weight;
                        realServers.Add(new RealServerSpec(Ipv4Format.Parse(backend.Ip), checked((ushort)backend.Port), weight));
                    }
                }

                var mapped = new VirtualServerSpec(
                    Protocol(port.EffectiveProtocol), vip, checked((ushort)port.Port), spec.EffectiveScheduler, persistence, realServers);
                specs.Add(mapped);
                owners.TryAdd(mapped.Key, string.IsNullOrEmpty(port.Name) ? service.Key() : $"{service.Key()}:{port.Name}");
            }
        }

        return new DesiredConfiguration(specs, owners);
    }

    private static IpProtocol Protocol(string name) => name.ToUpperInvariant() switch
    {
        "TCP" => IpProtocol.Tcp,
        "UDP" => IpProtocol.Udp,
        _ => throw new ArgumentException($"protocol {name} is not TCP or UDP (the validator should have refused it)", nameof(name)),
    };
}
