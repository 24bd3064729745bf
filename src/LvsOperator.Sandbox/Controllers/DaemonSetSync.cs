using k8s;
using k8s.Models;

namespace LvsOperator.Sandbox.Controllers;

/// <summary>
/// One DaemonSet's pods: one active pod of the current template on every node it fits, none elsewhere. A pod of an
/// older template is deleted first and its replacement created only once it is gone (maxUnavailable 1 per node,
/// maxSurge 0), so two agents never share a node's host network.
/// </summary>
internal sealed class DaemonSetSync(IKubernetes client)
{
    public async Task ReconcileAsync(V1DaemonSet daemonSet, IReadOnlyCollection<V1Pod> owned, IReadOnlyList<V1Node> nodes, CancellationToken cancellationToken)
    {
        var meta = daemonSet.Metadata;
        var hash = TemplateHash.Of(daemonSet.Spec.Template);
        var desired = 0;
        var scheduled = 0;
        var upToDate = 0;
        var ready = 0;
        var misscheduled = 0;
        foreach (var node in nodes)
        {
            var onNode = owned.Where(p => p.Spec.NodeName == node.Metadata.Name).ToList();
            var active = onNode.Where(PodFacts.IsActive).ToList();
            active.Sort(PodFacts.ByAge);
            var fits = NodeFacts.Fits(node, daemonSet.Spec.Template.Spec) && meta.DeletionTimestamp is null;
            if (!fits)
            {
                misscheduled += active.Count;
                await DeleteAllAsync(active, cancellationToken);
                continue;
            }

            desired++;
            scheduled += active.Count > 0 ? 1 : 0;
            var current = active.Where(p => PodFacts.Label(p, PodFacts.RevisionHashLabel) == hash).ToList();
            await DeleteAllAsync(active.Where(p => !current.Contains(p)).Concat(current.Skip(1)), cancellationToken);
            if (current.Count > 0)
            {
                upToDate++;
                ready += PodFacts.IsReady(current[0]) ? 1 : 0;
            }
            else if (onNode.Count == 0)
            {
                var pod = PodFactory.FromTemplate("DaemonSet", meta, daemonSet.Spec.Template, $"{meta.Name}-", PodFacts.RevisionHashLabel, hash, node.Metadata.Name);
                await client.CoreV1.CreateNamespacedPodAsync(pod, meta.NamespaceProperty, cancellationToken: cancellationToken);
            }
        }

        var status = new V1DaemonSetStatus
        {
            ObservedGeneration = meta.Generation,
            DesiredNumberScheduled = desired,
            CurrentNumberScheduled = scheduled,
            UpdatedNumberScheduled = upToDate,
            NumberReady = ready,
            NumberAvailable = ready,
            NumberUnavailable = desired - ready,
            NumberMisscheduled = misscheduled,
        };
        if (StatusText.Differs(status, daemonSet.Status))
        {
            var patch = new V1Patch(new { status }, V1Patch.PatchType.MergePatch);
            await client.AppsV1.PatchNamespacedDaemonSetStatusAsync(patch, meta.Name, meta.NamespaceProperty, cancellationToken: cancellationToken);
        }
    }

    private async Task DeleteAllAsync(IEnumerable<V1Pod> pods, CancellationToken cancellationToken)
    {
        foreach (var pod in pods.ToList())
        {
            await PodDeletion.DeleteAsync(client, pod, cancellationToken);
        }
    }
}
