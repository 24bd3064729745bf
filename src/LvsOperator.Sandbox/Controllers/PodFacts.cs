using k8s.Models;

namespace LvsOperator.Sandbox.Controllers;

/// <summary>What controllers read off a Pod, in Kubernetes' own terms.</summary>
internal static class PodFacts
{
    /// <summary>The label the workload controller stamps on a Deployment's pods (as the ReplicaSet controller does).</summary>
    public const string TemplateHashLabel = "pod-template-hash";

    /// <summary>The label on a DaemonSet's pods that names the template they were made from.</summary>
    public const string RevisionHashLabel = "controller-revision-hash";

    public static bool IsTerminating(V1Pod pod) => pod.Metadata.DeletionTimestamp is not null;

    public static bool IsFinished(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>Counts toward a workload's replicas: not being deleted and not finished.</summary>
    public static bool IsActive(V1Pod pod) => !IsTerminating(pod) && !IsFinished(pod);

    /// <summary>The Ready condition is True.</summary>
    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>The uid of the controller (ownerReference with controller: true), or null.</summary>
    public static string? ControllerUid(V1Pod pod) =>
        pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true)?.Uid;

    public static string? Label(V1Pod pod, string key) =>
        pod.Metadata.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;

    /// <summary>Oldest first: creationTimestamp, then name (which breaks ties within a second).</summary>
    public static int ByAge(V1Pod a, V1Pod b)
    {
        var c = Nullable.Compare(a.Metadata.CreationTimestamp, b.Metadata.CreationTimestamp);
        return c != 0 ? c : string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name);
    }
}
