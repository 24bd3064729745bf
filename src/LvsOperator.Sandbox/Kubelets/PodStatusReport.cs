using k8s.Models;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// status for a pod the kubelet runs: addresses, phase (Pending until every container has started or one cannot be
/// created; Running; Succeeded or Failed once every container has exited for good), the conditions kubectl and the
/// EndpointSlice controller read (Ready = every container ready), and one entry per container. Timestamps are whole
/// seconds, as they travel, so an unchanged status compares equal to what the API server holds.
/// </summary>
internal static class PodStatusReport
{
    public static V1PodStatus Build(PodNetwork? network, string hostIp, IReadOnlyList<IPodContainer> containers, IReadOnlyList<V1ContainerStatus> notStarted, DateTime startTime, DateTime now)
    {
        var statuses = containers.Select(c => c.Status).Concat(notStarted).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        foreach (var status in statuses)
        {
            Truncate(status.State);
            Truncate(status.LastState);
        }

        var allReady = notStarted.Count == 0 && containers.Count > 0 && containers.All(c => c.IsReady);
        var phase = notStarted.Count > 0 || network is null ? "Pending"
            : containers.All(c => c.HasExited) ? statuses.All(s => s.State?.Terminated?.ExitCode == 0) ? "Succeeded" : "Failed"
            : "Running";
        var started = Whole(startTime);
        var at = Whole(now);
        return new V1PodStatus
        {
            Phase = phase,
            HostIP = hostIp,
            HostIPs = [new V1HostIP { Ip = hostIp }],
            PodIP = network?.Address.ToString(),
            PodIPs = network is null ? null : [new V1PodIP { Ip = network.Address.ToString() }],
            StartTime = started,
            QosClass = "BestEffort",
            Conditions =
            [
                Condition("PodReadyToStartContainers", network is not null, at),
                Condition("Initialized", true, at),
                Condition("Ready", allReady, at, allReady ? null : "ContainersNotReady"),
                Condition("ContainersReady", allReady, at, allReady ? null : "ContainersNotReady"),
                Condition("PodScheduled", true, at),
            ],
            ContainerStatuses = statuses,
        };
    }

    /// <summary>A container that could not be created, with the reason and message kubectl describe shows.</summary>
    public static V1ContainerStatus Waiting(V1Container container, string reason, string message) => new()
    {
        Name = container.Name,
        Image = container.Image,
        ImageID = string.Empty,
        Ready = false,
        Started = false,
        RestartCount = 0,
        State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = message } },
    };

    /// <summary>Keeps each condition's lastTransitionTime from the previous status unless its status flipped.</summary>
    public static void CarryTransitions(V1PodStatus next, V1PodStatus? previous)
    {
        foreach (var condition in next.Conditions)
        {
            if (previous?.Conditions?.FirstOrDefault(c => c.Type == condition.Type) is { } before && before.Status == condition.Status)
            {
                condition.LastTransitionTime = before.LastTransitionTime;
            }
        }
    }

    private static V1PodCondition Condition(string type, bool status, DateTime at, string? reason = null) => new()
    {
        Type = type,
        Status = status ? "True" : "False",
        Reason = reason,
        LastTransitionTime = at,
    };

    private static void Truncate(V1ContainerState? state)
    {
        if (state?.Running is { } running)
        {
            running.StartedAt = Whole(running.StartedAt);
        }

        if (state?.Terminated is { } terminated)
        {
            terminated.StartedAt = Whole(terminated.StartedAt);
            terminated.FinishedAt = Whole(terminated.FinishedAt);
        }
    }

    private static DateTime Whole(DateTime value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    private static DateTime? Whole(DateTime? value) => value is { } v ? Whole(v) : null;
}
