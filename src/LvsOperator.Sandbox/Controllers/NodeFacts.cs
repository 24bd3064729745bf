using k8s.Models;

namespace LvsOperator.Sandbox.Controllers;

/// <summary>What the scheduler and the DaemonSet logic read off a Node.</summary>
internal static class NodeFacts
{
    /// <summary>Ready, not cordoned, and its labels satisfy the pod's nodeSelector (taints and affinity are not modelled).</summary>
    public static bool Fits(V1Node node, V1PodSpec spec) =>
        node.Spec?.Unschedulable != true
        && node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true
        && Selectors.Matches(spec.NodeSelector, node.Metadata.Labels);

    /// <summary>
    /// The node a new pod goes to: among the nodes it fits, the one with the fewest pods of its own workload, then the
    /// fewest pods at all, then the lowest name — so replicas spread evenly and deterministically. Null when none fits.
    /// </summary>
    public static V1Node? LeastLoaded(IEnumerable<V1Node> nodes, V1PodSpec spec, IReadOnlyCollection<V1Pod> siblings, IReadOnlyCollection<V1Pod> allPods) =>
        nodes.Where(n => Fits(n, spec))
            .OrderBy(n => siblings.Count(p => p.Spec.NodeName == n.Metadata.Name))
            .ThenBy(n => allPods.Count(p => p.Spec.NodeName == n.Metadata.Name && PodFacts.IsActive(p)))
            .ThenBy(n => n.Metadata.Name.Length)
            .ThenBy(n => n.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault();
}
