using k8s;
using k8s.Models;

namespace LvsOperator.Sandbox.Controllers;

/// <summary>
/// One Deployment's pods, without ReplicaSets in between: as many active pods of the current template as
/// spec.replicas asks, new ones on the least-loaded node, the newest deleted first on scale-down, pods of an older
/// template replaced (deleted as the new ones are created: a recreate with surge). Status is what kubectl rollout
/// status and helm --wait read.
/// </summary>
internal sealed class DeploymentSync(IKubernetes client, TimeProvider time)
{
    public async Task ReconcileAsync(V1Deployment deployment, IReadOnlyCollection<V1Pod> owned, IReadOnlyList<V1Node> nodes, IReadOnlyCollection<V1Pod> allPods, CancellationToken cancellationToken)
    {
        var meta = deployment.Metadata;
        var wanted = deployment.Spec.Replicas ?? 1;
        var hash = TemplateHash.Of(deployment.Spec.Template);
        var active = owned.Where(PodFacts.IsActive).ToList();
        var current = active.Where(p => PodFacts.Label(p, PodFacts.TemplateHashLabel) == hash).ToList();
        current.Sort(PodFacts.ByAge);

        if (deployment.Metadata.DeletionTimestamp is null)
        {
            var placed = new List<V1Pod>(current);
            for (var i = current.Count; i < wanted; i++)
            {
                var node = NodeFacts.LeastLoaded(nodes, deployment.Spec.Template.Spec, placed, allPods);
                if (node is null)
                {
                    break; // no node fits: the pods stay missing, as Pending pods would
                }

                var pod = PodFactory.FromTemplate("Deployment", meta, deployment.Spec.Template, $"{meta.Name}-{hash}-", PodFacts.TemplateHashLabel, hash, node.Metadata.Name);
                placed.Add(await client.CoreV1.CreateNamespacedPodAsync(pod, meta.NamespaceProperty, cancellationToken: cancellationToken));
            }

            foreach (var extra in current.Skip(wanted).Reverse())
            {
                await PodDeletion.DeleteAsync(client, extra, cancellationToken);
            }

            foreach (var old in active.Where(p => PodFacts.Label(p, PodFacts.TemplateHashLabel) != hash))
            {
                await PodDeletion.DeleteAsync(client, old, cancellationToken);
            }
        }

        await WriteStatusAsync(deployment, active, current.Take(wanted).ToList(), wanted, cancellationToken);
    }

    private async Task WriteStatusAsync(V1Deployment deployment, List<V1Pod> active, List<V1Pod> updated, int wanted, CancellationToken cancellationToken)
    {
        var ready = active.Count(PodFacts.IsReady);
        var updatedReady = updated.Count(PodFacts.IsReady);
        var previous = deployment.Status?.Conditions ?? [];
        var available = updatedReady >= wanted;
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = deployment.Metadata.Generation,
            Replicas = active.Count,
            UpdatedReplicas = updated.Count,
            ReadyReplicas = ready,
            AvailableReplicas = ready,
            UnavailableReplicas = Math.Max(0, wanted - ready),
            Conditions =
            [
                WorkloadConditions.Deployment(previous, "Available", available, available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                    available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", time),
                WorkloadConditions.Deployment(previous, "Progressing", true, available && updated.Count == active.Count ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                    $"{updatedReady} of {wanted} updated replicas are ready.", time),
            ],
        };
        if (StatusText.Differs(status, deployment.Status))
        {
            var patch = new V1Patch(new { status }, V1Patch.PatchType.MergePatch);
            await client.AppsV1.PatchNamespacedDeploymentStatusAsync(patch, deployment.Metadata.Name, deployment.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
    }
}
