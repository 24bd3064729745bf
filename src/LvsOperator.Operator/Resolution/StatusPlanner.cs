using LvsOperator.Api;
using LvsOperator.Api.Conditions;

namespace LvsOperator.Operator.Resolution;

/// <summary>
/// A VirtualService and what the caches hold → the operator's part of its status. Pure: no I/O, no clock; the same
/// inputs give the same plan, which is what lets a status write skip a no-op and retry a 409 from a fresh read.
/// <list type="bullet">
/// <item>Resolved, and the backends with their revision: <see cref="BackendResolver"/>.</item>
/// <item>Programmed: <see cref="DirectorAssessment"/> — every selected live director reports Programmed True at the
/// current generation and revision.</item>
/// <item>Ready: Resolved and Programmed True and a live director holds the VIP at the current revision; otherwise
/// the reason of the first of those that fails (VipNotHeld for the last).</item>
/// <item>Degraded: VipConflict (it keeps a newer claim off its VIP), DirectorsMissing (a selected node's agent lapsed),
/// BackendsDraining; else False AllBackendsHealthy. The first found is the reason, the message names them all.</item>
/// </list>
/// </summary>
internal static class StatusPlanner
{
    public static StatusPlan Plan(VirtualService virtualService, ResolverInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(virtualService);
        ArgumentNullException.ThrowIfNull(inputs);
        var resolved = BackendResolver.Resolve(virtualService, inputs);
        var revision = BackendsRevision.Of(resolved.Backends);
        var directors = DirectorAssessment.Assess(virtualService, revision, inputs.Nodes, inputs.Agents);
        return new StatusPlan(
            virtualService.Metadata?.Generation,
            resolved.Backends,
            revision,
            directors.ActiveDirector,
            [
                resolved.Condition,
                directors.Programmed,
                Ready(virtualService, resolved.Condition, directors, revision),
                Degraded(resolved, directors),
            ],
            directors.Stale);
    }

    private static ConditionOutcome Ready(VirtualService virtualService, ConditionOutcome resolved, DirectorReport directors, string revision)
    {
        if (!resolved.Status)
        {
            return resolved with { Type = ConditionTypes.Ready };
        }

        if (!directors.Programmed.Status)
        {
            return directors.Programmed with { Type = ConditionTypes.Ready };
        }

        var vip = virtualService.Spec.Vip;
        if (directors.ActiveDirector is null)
        {
            return new(ConditionTypes.Ready, false, ConditionReasons.VipNotHeld, $"no live director holds VIP {vip}");
        }

        return directors.VipHeldAtRevision
            ? new(ConditionTypes.Ready, true, ConditionReasons.Ready, $"{directors.ActiveDirector} holds VIP {vip}; {directors.Programmed.Message}")
            : new(ConditionTypes.Ready, false, ConditionReasons.VipNotHeld,
                $"{directors.ActiveDirector} holds VIP {vip} but has not programmed revision {revision} yet");
    }

    private static ConditionOutcome Degraded(ResolvedBackends resolved, DirectorReport directors)
    {
        var reasons = new List<(string Reason, string Message)>();
        if (resolved.Conflict is { Serving: true, Others.Count: > 0 })
        {
            var claims = new List<string>();
            foreach (var claim in resolved.Conflict.Others)
            {
                claims.Add($"{claim.Key} is also claimed by {claim.Other} (newer, not programmed)");
            }

            reasons.Add((ConditionReasons.VipConflict, string.Join("; ", claims)));
        }

        if (directors.Missing.Count > 0)
        {
            reasons.Add((ConditionReasons.DirectorsMissing, $"the agents on {string.Join(", ", directors.Missing)} stopped renewing their heartbeats"));
        }

        var draining = 0;
        foreach (var backend in resolved.Backends)
        {
            draining += backend.State == BackendStates.Draining ? 1 : 0;
        }

        if (draining > 0)
        {
            reasons.Add((ConditionReasons.BackendsDraining,
                $"{draining} of {resolved.Backends.Count} backends are draining (open connections continue, no new ones)"));
        }

        if (reasons.Count == 0)
        {
            return new(ConditionTypes.Degraded, false, ConditionReasons.AllBackendsHealthy, $"all {resolved.Backends.Count} backends are active");
        }

        var messages = new List<string>(reasons.Count);
        foreach (var (_, message) in reasons)
        {
            messages.Add(message);
        }

        return new(ConditionTypes.Degraded, true, reasons[0].Reason, string.Join("; ", messages));
    }
}
