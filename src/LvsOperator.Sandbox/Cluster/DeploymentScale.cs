using k8s;
using k8s.Models;

namespace LvsOperator.Sandbox.Cluster;

/// <summary>Scaling a Deployment through its /scale subresource, as `kubectl scale` does (and `lvsctl sandbox scale`).</summary>
public static class DeploymentScale
{
    public static async Task SetAsync(IKubernetes client, string @namespace, string deployment, int replicas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var patch = new V1Patch(new { spec = new { replicas } }, V1Patch.PatchType.MergePatch);
        await client.AppsV1.PatchNamespacedDeploymentScaleAsync(patch, deployment, @namespace, cancellationToken: cancellationToken);
    }
}
