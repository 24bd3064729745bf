using LvsOperator.Dataplane.Guard;
using LvsOperator.Dataplane.Services;

namespace LvsOperator.Agent.Dataplane;

/// <summary>
/// What the kernel guard must drop after the tap: client traffic to every VIP:port, and real servers' replies from
/// every RIP:rport (which the forwarder SNATs back; the kernel must not forward them un-rewritten).
/// </summary>
internal sealed record GuardRules(IReadOnlyList<GuardedEndpoint> VirtualServices, IReadOnlyList<GuardedEndpoint> RealServers)
{
    public static GuardRules Empty { get; } = new([], []);

    public static GuardRules From(IReadOnlyList<VirtualServerSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var services = new HashSet<GuardedEndpoint>();
        var servers = new HashSet<GuardedEndpoint>();
        foreach (var spec in specs)
        {
            services.Add(new GuardedEndpoint(spec.Protocol, spec.Vip, spec.Port));
            foreach (var rs in spec.RealServers)
            {
                servers.Add(new GuardedEndpoint(spec.Protocol, rs.Address, rs.Port));
            }
        }

        return new GuardRules(Sorted(services), Sorted(servers));
    }

    public IReadOnlyList<uint> Vips() => [.. VirtualServices.Select(s => s.Address).Distinct().Order()];

    private static GuardedEndpoint[] Sorted(IEnumerable<GuardedEndpoint> endpoints) =>
        [.. endpoints.OrderBy(e => e.Address).ThenBy(e => e.Port).ThenBy(e => e.Protocol)];
}
