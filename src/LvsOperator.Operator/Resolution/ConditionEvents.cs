using LvsOperator.Api.Conditions;
using LvsOperator.Kubernetes.Events;

namespace LvsOperator.Operator.Resolution;

/// <summary>
/// Which condition flips are worth an Event (what <c>kubectl describe</c> shows): every change of Resolved (a Warning
/// for a spec or reference the user must fix: InvalidSpec, ServiceNotFound, PortNotFound, VipConflict); Programmed
/// when it becomes True or a director reports a failure; Degraded when it starts reporting a VIP conflict. Pending,
/// NoDirectors and Ready are left out: they follow the others within moments and would only double them.
/// </summary>
internal static class ConditionEvents
{
    /// <summary>The event reason when the operator lets a deleted VirtualService go.</summary>
    public const string FinalizerRemoved = "FinalizerRemoved";

    private static readonly HashSet<string> WarningReasons = new(StringComparer.Ordinal)
    {
        ConditionReasons.InvalidSpec,
        ConditionReasons.ServiceNotFound,
        ConditionReasons.PortNotFound,
        ConditionReasons.VipConflict,
        ConditionReasons.ProgrammingFailed,
    };

    public static IReadOnlyList<OperatorEvent> For(IReadOnlyList<ConditionFlip> flips)
    {
        ArgumentNullException.ThrowIfNull(flips);
        var events = new List<OperatorEvent>();
        foreach (var flip in flips)
        {
            var now = flip.Now;
            var worth = now.Type switch
            {
                ConditionTypes.Resolved => true,
                ConditionTypes.Programmed => now.Status || now.Reason == ConditionReasons.ProgrammingFailed,
                ConditionTypes.Degraded => now.Status && now.Reason == ConditionReasons.VipConflict,
                _ => false,
            };
            if (worth)
            {
                events.Add(new OperatorEvent(WarningReasons.Contains(now.Reason) ? EventTypes.Warning : EventTypes.Normal, now.Reason, now.Message));
            }
        }

        return events;
    }
}
