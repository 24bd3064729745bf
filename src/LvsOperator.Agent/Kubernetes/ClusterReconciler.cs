using System.Globalization;
using System.Text;
using LvsOperator.Agent.Config;
using LvsOperator.Agent.Dataplane;
using LvsOperator.Api;
using LvsOperator.Api.Conditions;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.ReturnPath;
using LvsOperator.Kubernetes.Events;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Kubernetes;

/// <summary>
/// One pass from the cluster's state to this node: decide per VirtualService (<see cref="VirtualServiceSelection"/>),
/// program the selected ones through the same <see cref="ConfigApplier"/> as a config file, contend for their VIPs,
/// fit the return path to who holds which VIP, report this node's <c>status.directors[]</c> entries and record
/// VipAcquired/VipReleased events. Idempotent: what did not change is neither reprogrammed nor rewritten. Called from
/// one loop at a time.
/// </summary>
internal sealed partial class ClusterReconciler(
    ConfigApplier applier,
    VipElections elections,
    DirectorReporter reporter,
    IReturnPath returnPath,
    EventRecorder events,
    ClusterIdentity identity,
    ILogger<ClusterReconciler> logger)
{
    private readonly Dictionary<string, ResolvedVirtualService> _programmed = new(StringComparer.Ordinal);
    private string? _appliedFingerprint;
    private ApplyOutcome _outcome = new([], null);
    private IReadOnlyList<ReturnRoute>? _routes;
    private HashSet<uint> _announcedOwned = [];
    private List<VirtualService> _eventSubjects = [];

    /// <summary>True when everything is as wanted; false when a part failed and should be tried again soon.</summary>
    public async Task<bool> ReconcileAsync(ClusterView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        var services = view.VirtualServices.Cache.List();
        var decisions = Decide(services, view.NodeLabels);

        var programmed = _programmed.Values
            .OrderBy(r => r.Service.Metadata.CreationTimestamp ?? DateTime.MinValue)
            .ThenBy(r => r.Service.Key(), StringComparer.Ordinal)
            .ToList();
        elections.Ensure(programmed.Select(r => Ipv4Format.Parse(r.Service.Spec.Vip)).ToHashSet());
        var fingerprint = Fingerprint(programmed);
        if (fingerprint != _appliedFingerprint || !_outcome.Succeeded)
        {
            _outcome = await applier.ApplyAsync(programmed, cancellationToken);
            _appliedFingerprint = fingerprint;
        }

        var ok = _outcome.Succeeded;
        ok &= await FitReturnPathAsync(view);
        foreach (var (service, selection) in decisions)
        {
            ok &= await reporter.ReportAsync(service, ReportFor(service, selection), cancellationToken);
        }

        await RecordOwnershipEventsAsync(programmed, cancellationToken);
        return ok;
    }

    /// <summary>Shutdown: remove this node's entries and the return path (the VIPs are released by then).</summary>
    public async Task WithdrawAsync(ClusterView? view, CancellationToken cancellationToken)
    {
        if (view is not null)
        {
            foreach (var service in view.VirtualServices.Cache.List())
            {
                if (reporter.EntryOf(service) is not null)
                {
                    await reporter.ReportAsync(service, null, cancellationToken);
                }
            }
        }

        try
        {
            await Task.Run(returnPath.Remove, CancellationToken.None);
        }
        catch (InvalidOperationException e)
        {
            LogReturnPathFailed(logger, e);
        }
    }

    private List<(VirtualService Service, Selection Selection)> Decide(IReadOnlyList<VirtualService> services, IDictionary<string, string>? labels)
    {
        var decisions = new List<(VirtualService, Selection)>(services.Count);
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            var key = service.Key();
            present.Add(key);
            var selection = VirtualServiceSelection.Decide(service, identity.NodeName, labels);
            switch (selection.Kind)
            {
                case SelectionKind.Program:
                    _programmed[key] = ResolvedVirtualService.FromStatus(service);
                    break;
                case SelectionKind.Pending:
                    break; // keep serving the last generation programmed, if any
                default:
                    if (_programmed.Remove(key))
                    {
                        LogWithdrawn(logger, key, selection.Reason);
                    }

                    break;
            }

            decisions.Add((service, selection));
        }

        foreach (var gone in _programmed.Keys.Where(k => !present.Contains(k)).ToArray())
        {
            _programmed.Remove(gone);
            reporter.Forget(gone);
            LogWithdrawn(logger, gone, "deleted");
        }

        return decisions;
    }

    private DirectorReport? ReportFor(VirtualService service, Selection selection)
    {
        var holds = Ipv4Format.TryParse(service.Spec?.Vip, out var vip) && elections.Holds(vip);
        switch (selection.Kind)
        {
            case SelectionKind.Invalid:
                return new DirectorReport(holds, null, false, ConditionReasons.ProgrammingFailed,
                    $"not programmed on node {identity.NodeName}: {selection.Reason}", service.Metadata.Generation);
            case SelectionKind.Withdraw:
                return null;
            default:
                // Program, or Pending: report what is programmed (an older generation while the operator catches up).
                if (!_programmed.TryGetValue(service.Key(), out var resolved))
                {
                    return reporter.EntryOf(service) is null ? null : new DirectorReport(holds, null, false, ConditionReasons.Pending, selection.Reason, service.Metadata.Generation);
                }

                var programmed = resolved.Service;
                var problems = _outcome.ProblemsOf(VirtualServiceMapper.Map([resolved]).Specs.Select(s => s.Key));
                return problems.Count == 0
                    ? new DirectorReport(holds, programmed.Status?.BackendsRevision, true, ConditionReasons.Programmed,
                        string.Create(CultureInfo.InvariantCulture, $"node {identity.NodeName} forwards to {resolved.Backends.Count} backend(s); {(holds ? "it holds the VIP" : "standby")}"),
                        programmed.Metadata.Generation)
                    : new DirectorReport(holds, null, false, ConditionReasons.ProgrammingFailed, string.Join("; ", problems), programmed.Metadata.Generation);
        }
    }

    private async Task<bool> FitReturnPathAsync(ClusterView view)
    {
        var routes = ReturnPathPlanner.Plan(view.VirtualServices.Cache.List(), identity.NodeName, view.VipHolder, view.InternalAddress);
        if (ReturnPathPlanner.Same(_routes, routes))
        {
            return true;
        }

        try
        {
            await Task.Run(() => returnPath.Apply(routes), CancellationToken.None);
            _routes = routes;
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            LogReturnPathFailed(logger, e);
            _routes = null;
            return false;
        }
    }

    private async Task RecordOwnershipEventsAsync(IReadOnlyList<ResolvedVirtualService> programmed, CancellationToken cancellationToken)
    {
        var owned = elections.OwnedVips?.ToHashSet() ?? [];
        var subjects = programmed.Select(r => r.Service).ToList();
        if (!owned.SetEquals(_announcedOwned))
        {
            foreach (var service in subjects)
            {
                var vip = Ipv4Format.Parse(service.Spec.Vip);
                if (owned.Contains(vip) && !_announcedOwned.Contains(vip))
                {
                    await events.NormalAsync(service, AgentEventReasons.VipAcquired,
                        $"node {identity.NodeName} holds VIP {service.Spec.Vip}: it answers ARP for it and forwards its traffic", cancellationToken);
                }
            }

            // Released: told to the VirtualServices that had the VIP, which may be gone from what is programmed now.
            foreach (var service in _eventSubjects)
            {
                var vip = Ipv4Format.Parse(service.Spec.Vip);
                if (!owned.Contains(vip) && _announcedOwned.Contains(vip))
                {
                    await events.NormalAsync(service, AgentEventReasons.VipReleased,
                        $"node {identity.NodeName} no longer holds VIP {service.Spec.Vip}", cancellationToken);
                }
            }

            _announcedOwned = owned;
        }

        _eventSubjects = subjects;
    }

    /// <summary>What the forwarder would be given: the same text means the same programming (nothing to do).</summary>
    private static string Fingerprint(IReadOnlyList<ResolvedVirtualService> programmed)
    {
        var text = new StringBuilder();
        foreach (var (service, backends) in programmed)
        {
            text.Append(CultureInfo.InvariantCulture, $"{service.Key()}|{service.Metadata.Uid}|{service.Metadata.Generation}|");
            foreach (var b in backends)
            {
                text.Append(CultureInfo.InvariantCulture, $"{b.PortName}/{b.Ip}:{b.Port}*{b.Weight}{b.State};");
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
