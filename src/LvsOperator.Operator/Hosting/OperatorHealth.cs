using System.Collections.Concurrent;
using System.Text;
using LvsOperator.Operator.Controller;
using Microsoft.Extensions.Options;

namespace LvsOperator.Operator.Hosting;

/// <summary>
/// /healthz and /readyz. Live: every long-running loop (the informers, the election or controller loop) still runs
/// — they only end when the host stops, so one that ended early failed — and no reconcile has been running past
/// <see cref="OperatorOptions.StuckReconcileAfter"/>. Ready: every informer has synced its cache. A standby replica is
/// ready too: it watches and would take over within one lease duration, nothing routes traffic to the operator, and a
/// standby that never turned ready would hold up every rolling update of the Deployment. An informer that cannot sync
/// says why (e.g. "forbidden: list endpointslices.discovery.k8s.io: …"), so a missing RBAC rule is read off the probe.
/// </summary>
internal sealed class OperatorHealth(ClusterState state, ReconcileWatch reconciles, Leadership leadership, IOptions<OperatorOptions> options)
{
    private readonly ConcurrentDictionary<string, Task> _loops = new(StringComparer.Ordinal);
    private volatile bool _stopping;

    public void Watch(string name, Task loop) => _loops[name] = loop;

    /// <summary>The host is stopping: loops ending now are expected.</summary>
    public void Stopping() => _stopping = true;

    public (bool Healthy, string Report) Liveness()
    {
        var problems = new StringBuilder();
        foreach (var (name, loop) in _loops)
        {
            if (loop.IsCompleted && !_stopping)
            {
                problems.Append($"{name} ended{(loop.Exception is { } e ? ": " + e.GetBaseException().Message : "")}\n");
            }
        }

        var oldest = reconciles.Oldest();
        if (oldest > options.Value.StuckReconcileAfter)
        {
            problems.Append($"a reconcile has been running for {oldest.TotalSeconds:F0} s\n");
        }

        return problems.Length == 0 ? (true, "ok\n") : (false, problems.ToString());
    }

    public (bool Ready, string Report) Readiness()
    {
        var report = new StringBuilder();
        var ready = true;
        foreach (var (kind, informer) in state.All)
        {
            if (!informer.HasSynced)
            {
                ready = false;
                report.Append($"{kind} informer not synced: {informer.LastError ?? "listing"}\n");
            }
        }

        var role = leadership.Leading ? "leading" : $"standby (leader: {leadership.Holder ?? "unknown"})";
        return ready ? (true, $"ok, {role}\n") : (false, report.ToString());
    }
}
