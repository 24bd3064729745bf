using k8s.Models;

namespace LvsOperator.Api.Conditions;

/// <summary>
/// metav1.Condition semantics over a list keyed by type: <c>lastTransitionTime</c> moves only when the status flips,
/// while reason, message and observedGeneration follow the latest write.
/// </summary>
public static class ConditionList
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    /// <summary>Sets a condition; returns true when anything changed (so callers can skip a no-op status write).</summary>
    public static bool Set(IList<V1Condition> conditions, string type, bool status, string reason, string message, long? observedGeneration, DateTimeOffset now) =>
        Set(conditions, type, status ? True : False, reason, message, observedGeneration, now);

    public static bool Set(IList<V1Condition> conditions, string type, string status, string reason, string message, long? observedGeneration, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var existing = Find(conditions, type);
        if (existing is null)
        {
            conditions.Add(new V1Condition
            {
                Type = type,
                Status = status,
                Reason = reason,
                Message = message,
                ObservedGeneration = observedGeneration,
                LastTransitionTime = now.UtcDateTime,
            });
            return true;
        }

        var changed = false;
        if (existing.Status != status)
        {
            existing.Status = status;
            existing.LastTransitionTime = now.UtcDateTime;
            changed = true;
        }

        changed |= existing.Reason != reason || existing.Message != message || existing.ObservedGeneration != observedGeneration;
        existing.Reason = reason;
        existing.Message = message;
        existing.ObservedGeneration = observedGeneration;
        return changed;
    }

    public static V1Condition? Find(IEnumerable<V1Condition>? conditions, string type)
    {
        if (conditions is null)
        {
            return null;
        }

        foreach (var condition in conditions)
        {
            if (condition.Type == type)
            {
                return condition;
            }
        }

        return null;
    }

    /// <summary>True when the condition is True and speaks of <paramref name="generation"/> (a stale True does not count).</summary>
    public static bool IsTrueAt(IEnumerable<V1Condition>? conditions, string type, long? generation)
    {
        var condition = Find(conditions, type);
        return condition is not null && condition.Status == True && condition.ObservedGeneration == generation;
    }
}
