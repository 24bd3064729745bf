using System.Globalization;
using System.Text;
using LvsOperator.Api;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;

namespace LvsOperator.Sandbox.Directors;

/// <summary>
/// Kernel NAT in the director namespace: the VIP as a local address plus nftables DNAT. Schedulers map to the
/// closest nftables expression: rr/lc/wlc numgen inc, wrr numgen over weight-repeated entries, maglev jhash of the
/// source address and port, sh (and any persistence) jhash of the source address. Weight 0 leaves the map, and
/// conntrack keeps existing connections, as IPVS does. A forward filter drops traffic of real-server addresses
/// no longer configured, which is what IPVS does with expire_nodest_conn (silently, no reset).
/// </summary>
public sealed class KernelNftablesDirector(NetnsTopology topology) : IDirector
{
    private const string TableName = "lvs_kernel_nat";
    private readonly HashSet<string> _vips = [];

    public DirectorKind Kind => DirectorKind.KernelNftables;

    public string GuardTable => "ip " + TableName;

    public Task StartAsync(IReadOnlyList<VirtualService> services, CancellationToken cancellationToken = default) =>
        ApplyAsync(services, cancellationToken);

    public Task ApplyAsync(IReadOnlyList<VirtualService> services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var vip in services.Select(s => s.Spec.Vip).Where(_vips.Add))
        {
            ProcessRunner.Run("ip", "-n", topology.Director, "addr", "add", vip + "/32", "dev", NetnsTopology.DirectorExternalInterface);
        }

        // "table ...{}; delete table" first makes the load atomic whether or not the table exists.
        var ruleset = $"table ip {TableName} {{}}\ndelete table ip {TableName}\n{Ruleset(services)}";
        ProcessRunner.Execute(ProcessCommand.Of("nft", "-f", "-").In(topology.Director) with { StandardInput = ruleset }).EnsureSuccess();
        return Task.CompletedTask;
    }

    public Task<int> StopAsync(CancellationToken cancellationToken = default)
    {
        ProcessRunner.TryRunIn(topology.Director, "nft", "delete", "table", "ip", TableName);
        foreach (var vip in _vips)
        {
            ProcessRunner.TryRun("ip", "-n", topology.Director, "addr", "del", vip + "/32", "dev", NetnsTopology.DirectorExternalInterface);
        }

        _vips.Clear();
        return Task.FromResult(0);
    }

    public string Diagnostics() =>
        ProcessRunner.TryRunIn(topology.Director, "nft", "list", "ruleset").Stdout;

    public async ValueTask DisposeAsync() => await StopAsync();

    internal static string Ruleset(IReadOnlyList<VirtualService> services)
    {
        var rules = new StringBuilder();
        var backends = services.SelectMany(s => StaticBackendResolver.Resolve(s.Spec)).Select(b => b.Ip).Distinct().ToList();
        rules.Append(CultureInfo.InvariantCulture, $"table ip {TableName} {{\n  set backends {{ type ipv4_addr;");
        if (backends.Count > 0)
        {
            rules.Append(CultureInfo.InvariantCulture, $" elements = {{ {string.Join(", ", backends)} }}");
        }

        rules.Append(" }\n  chain pre {\n    type nat hook prerouting priority dstnat; policy accept;\n");
        foreach (var service in services)
        {
            foreach (var port in service.Spec.Ports)
            {
                var targets = Targets(service.Spec, port);
                if (targets.Count == 0)
                {
                    continue;
                }

                var l4 = port.EffectiveProtocol.ToLowerInvariant();
                var selector = Selector(service.Spec, l4);
                var map = string.Join(", ", targets.Select((b, i) => $"{i} : {b.Ip} . {b.Port}"));
                rules.Append(CultureInfo.InvariantCulture,
                    $"    ip daddr {service.Spec.Vip} {l4} dport {port.Port} dnat ip to {selector} mod {targets.Count} map {{ {map} }}\n");
            }
        }

        rules.Append("""
              }
              chain backend_guard {
                type filter hook forward priority filter; policy accept;
                ip daddr 198.18.1.0/24 ip daddr != @backends drop
                ip saddr 198.18.1.0/24 ip saddr != @backends drop
              }
            }

            """);
        return rules.ToString();
    }

    private static List<BackendStatus> Targets(VirtualServiceSpec spec, VirtualServicePort port)
    {
        var active = StaticBackendResolver.Resolve(spec).Where(b => b.PortName == port.Name && b.Weight > 0);
        return spec.EffectiveScheduler == SchedulerNames.WeightedRoundRobin
            ? active.SelectMany(b => Enumerable.Repeat(b, b.Weight)).ToList()
            : active.ToList();
    }

    private static string Selector(VirtualServiceSpec spec, string l4) =>
        spec.Persistence?.TimeoutSeconds > 0 || spec.EffectiveScheduler == SchedulerNames.SourceHash
            ? "jhash ip saddr"
            : spec.EffectiveScheduler == SchedulerNames.Maglev
                ? $"jhash ip saddr . {l4} sport"
                : "numgen inc";
}
