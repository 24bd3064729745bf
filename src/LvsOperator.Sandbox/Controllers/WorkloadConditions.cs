using k8s.Models;

namespace LvsOperator.Sandbox.Controllers;

/// <summary>Workload conditions whose lastTransitionTime moves only when their status flips, as the real controllers keep them.</summary>
internal static class WorkloadConditions
{
    public static V1DeploymentCondition Deployment(IList<V1DeploymentCondition> previous, string type, bool status, string reason, string message, TimeProvider time)
    {
        var text = status ? "True" : "False";
        var before = previous.FirstOrDefault(c => c.Type == type);
        var now = time.GetUtcNow().UtcDateTime;
        var transitioned = before is null || before.Status != text ? now : before.LastTransitionTime ?? now;
        var updated = before is not null && before.Status == text && before.Reason == reason && before.Message == message ? before.LastUpdateTime ?? now : now;
        return new V1DeploymentCondition
        {
            Type = type,
            Status = text,
            Reason = reason,
            Message = message,
            LastTransitionTime = Truncate(transitioned),
            LastUpdateTime = Truncate(updated),
        };
    }

    /// <summary>Timestamps go over the wire in whole seconds; comparing against the stored value needs the same.</summary>
    private static DateTime Truncate(DateTime value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
