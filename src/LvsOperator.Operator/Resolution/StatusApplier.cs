using LvsOperator.Api;
using LvsOperator.Api.Conditions;

namespace LvsOperator.Operator.Resolution;

/// <summary>
/// Writes a <see cref="StatusPlan"/> into a VirtualService's status, touching only the operator's part: the agents'
/// director entries stay as they are except the stale ones the plan names. Conditions go through
/// <see cref="ConditionList"/>, so lastTransitionTime moves only when a status flips and an unchanged plan leaves the
/// status byte for byte as it was (the status writer then sends nothing).
/// </summary>
internal static class StatusApplier
{
    /// <returns>The conditions whose status or reason changed, for events.</returns>
    public static IReadOnlyList<ConditionFlip> Apply(VirtualService virtualService, StatusPlan plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(virtualService);
        ArgumentNullException.ThrowIfNull(plan);
        var status = virtualService.Status ??= new VirtualServiceStatus();
        status.ObservedGeneration = plan.ObservedGeneration;
        status.BackendsRevision = plan.BackendsRevision;
        status.Backends = [.. plan.Backends];
        status.ActiveDirector = plan.ActiveDirector;
        if (plan.StaleDirectors.Count > 0 && status.Directors is { } directors)
        {
            var stale = new HashSet<string>(plan.StaleDirectors, StringComparer.Ordinal);
            status.Directors = [.. directors.Where(d => d is not null && !stale.Contains(d.NodeName))];
        }

        status.Conditions ??= [];
        var flips = new List<ConditionFlip>();
        foreach (var condition in plan.Conditions)
        {
            var before = ConditionList.Find(status.Conditions, condition.Type);
            var (previousStatus, previousReason) = (before?.Status, before?.Reason);
            ConditionList.Set(status.Conditions, condition.Type, condition.Status, condition.Reason, condition.Message, plan.ObservedGeneration, now);
            if (previousStatus != (condition.Status ? ConditionList.True : ConditionList.False) || previousReason != condition.Reason)
            {
                flips.Add(new ConditionFlip(condition, previousStatus, previousReason));
            }
        }

        return flips;
    }
}
