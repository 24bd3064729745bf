using LvsOperator.Dataplane.Guard;
using LvsOperator.Dataplane.Services;

namespace LvsOperator.Agent.Dataplane;

/// <summary>
/// What the kernel guard must drop after the tap: client traffic to every programmed VIP:port, owned or not (a
/// standby's kernel must not answer for the VIP either), and real servers' replies from the RIP:rport of the VIPs this
/// director owns (which the forwarder SNATs back; the kernel must not forward them un-rewritten). A standby lets its
/// real servers' replies through: the return path routes them to the VIP's owner.
/// </summary>
internal sealed record GuardRules(IReadOnlyList<GuardedEndpoint> VirtualServices, IReadOnlyList<GuardedEndpoint> RealServers)
{
    public static GuardRules Empty { get; } = new([], []);

    /// <param name="owned">The VIPs this director owns; null: every one.</param>
    public static GuardRules From(IReadOnlyList<VirtualServerSpec> specs, IReadOnlySet<uint>? owned = null)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var services = new HashSet<GuardedEndpoint>();
        var servers = new HashSet<GuardedEndpoint>();
        foreach (var spec in specs)
        {
            services.Add(new GuardedEndpoint(spec.Protocol, spec.Vip, spec.Port));
            if (owned is not null && !owned.Contains(spec.Vip))
            {
                continue;
            }

            foreach (var rs in spec.RealServers)
            {
                servers.Add(new GuardedEndpoint(spec.Protocol, rs.Address, rs.Port));
            }
        }

        return new GuardRules(Sorted(services), Sorted(servers));
    }

    /// <summary>The same endpoints (both lists are sorted): installing it again would change nothing.</summary>
    public bool SameAs(GuardRules other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return VirtualServices.SequenceEqual(other.VirtualServices) && RealServers.SequenceEqual(other.RealServers);
    }

    public IReadOnlyList<uint> Vips() => [.. VirtualServices.Select(s => s.Address).Distinct().Order()];

    private static GuardedEndpoint[] Sorted(IEnumerable<GuardedEndpoint> endpoints) =>
        [.. endpoints.OrderBy(e => e.Address).ThenBy(e => e.Port).ThenBy(e => e.Protocol)];
}
