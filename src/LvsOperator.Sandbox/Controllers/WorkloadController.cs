using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Sandbox.Controllers;

/// <summary>
/// The sandbox's kube-controller-manager and scheduler for workloads, in one loop over the whole state: Deployments
/// (<see cref="DeploymentSync"/>) and DaemonSets (<see cref="DaemonSetSync"/>) to Pods; pods created without a node
/// bound to the least-loaded one that fits; pods whose owning workload is gone deleted (the garbage collector's part).
/// </summary>
internal sealed class WorkloadController
{
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(10);

    private readonly IKubernetes _client;
    private readonly DeploymentSync _deployments;
    private readonly DaemonSetSync _daemonSets;

    private WorkloadController(IKubernetes client, TimeProvider time)
    {
        _client = client;
        _deployments = new DeploymentSync(client, time);
        _daemonSets = new DaemonSetSync(client);
    }

    public static ControllerLoop Start(IKubernetes client, TimeProvider time, ILogger logger)
    {
        var controller = new WorkloadController(client, time);
        return ControllerLoop.Start(
            "workloads",
            [
                (signal, stop) => ChangeWatch.RunAsync(ct => client.AppsV1.WatchListDeploymentForAllNamespacesAsync(cancellationToken: ct), signal, stop),
                (signal, stop) => ChangeWatch.RunAsync(ct => client.AppsV1.WatchListDaemonSetForAllNamespacesAsync(cancellationToken: ct), signal, stop),
                (signal, stop) => ChangeWatch.RunAsync(ct => client.CoreV1.WatchListPodForAllNamespacesAsync(cancellationToken: ct), signal, stop),
                (signal, stop) => ChangeWatch.RunAsync(ct => client.CoreV1.WatchListNodeAsync(cancellationToken: ct), signal, stop),
            ],
            controller.ReconcileAsync,
            Resync,
            logger);
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var nodes = (await _client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken)).Items.ToList();
        var pods = (await _client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: cancellationToken)).Items.ToList();
        var deployments = (await _client.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: cancellationToken)).Items;
        var daemonSets = (await _client.AppsV1.ListDaemonSetForAllNamespacesAsync(cancellationToken: cancellationToken)).Items;
        var owners = new HashSet<string>(StringComparer.Ordinal);

        await BindUnscheduledAsync(pods, nodes, cancellationToken);
        foreach (var deployment in deployments)
        {
            owners.Add(deployment.Metadata.Uid);
            await _deployments.ReconcileAsync(deployment, Owned(pods, deployment.Metadata.Uid), nodes, pods, cancellationToken);
        }

        foreach (var daemonSet in daemonSets)
        {
            owners.Add(daemonSet.Metadata.Uid);
            await _daemonSets.ReconcileAsync(daemonSet, Owned(pods, daemonSet.Metadata.Uid), nodes, cancellationToken);
        }

        foreach (var orphan in pods.Where(p => IsOwnedByWorkload(p) && !owners.Contains(PodFacts.ControllerUid(p)!)))
        {
            await PodDeletion.DeleteAsync(_client, orphan, cancellationToken);
        }
    }

    /// <summary>The scheduler's one decision, for pods a user created without spec.nodeName.</summary>
    private async Task BindUnscheduledAsync(List<V1Pod> pods, List<V1Node> nodes, CancellationToken cancellationToken)
    {
        foreach (var pod in pods.Where(p => string.IsNullOrEmpty(p.Spec.NodeName) && PodFacts.IsActive(p)))
        {
            if (NodeFacts.LeastLoaded(nodes, pod.Spec, [], pods) is { } node)
            {
                var patch = new V1Patch(new { spec = new { nodeName = node.Metadata.Name } }, V1Patch.PatchType.MergePatch);
                pod.Spec.NodeName = node.Metadata.Name;
                await _client.CoreV1.PatchNamespacedPodAsync(patch, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            }
        }
    }

    private static List<V1Pod> Owned(List<V1Pod> pods, string uid) => pods.Where(p => PodFacts.ControllerUid(p) == uid).ToList();

    private static bool IsOwnedByWorkload(V1Pod pod) =>
        pod.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.ApiVersion == "apps/v1" && o.Kind is "Deployment" or "DaemonSet") == true;
}
