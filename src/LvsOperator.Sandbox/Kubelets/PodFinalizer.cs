using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// Adds and removes the kubelet's finalizer on a pod by read-modify-write: a merge patch of metadata.finalizers that
/// carries the resourceVersion it was computed from, retried from a fresh read on 409, so another writer's finalizer
/// is never lost.
/// </summary>
internal static class PodFinalizer
{
    private const int Attempts = 5;

    /// <summary>False when the pod is gone (nothing left to hold).</summary>
    public static Task<bool> AddAsync(IKubernetes client, V1Pod pod, CancellationToken cancellationToken) =>
        ChangeAsync(client, pod, add: true, cancellationToken);

    /// <summary>True once the finalizer is off or the pod is gone.</summary>
    public static async Task<bool> RemoveAsync(IKubernetes client, V1Pod pod, CancellationToken cancellationToken)
    {
        await ChangeAsync(client, pod, add: false, cancellationToken);
        return true;
    }

    private static async Task<bool> ChangeAsync(IKubernetes client, V1Pod pod, bool add, CancellationToken cancellationToken)
    {
        var current = pod;
        for (var attempt = 1; ; attempt++)
        {
            var finalizers = current.Metadata.Finalizers?.ToList() ?? [];
            if (finalizers.Contains(Kubelet.Finalizer) == add)
            {
                return true;
            }

            if (add)
            {
                finalizers.Add(Kubelet.Finalizer);
            }
            else
            {
                finalizers.Remove(Kubelet.Finalizer);
            }

            var patch = new V1Patch(new { metadata = new { finalizers, resourceVersion = current.Metadata.ResourceVersion } }, V1Patch.PatchType.MergePatch);
            try
            {
                await client.CoreV1.PatchNamespacedPodAsync(patch, current.Metadata.Name, current.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
                return true;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < Attempts)
            {
                try
                {
                    current = await client.CoreV1.ReadNamespacedPodAsync(current.Metadata.Name, current.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
                }
                catch (HttpOperationException gone) when (gone.Response.StatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }

                if (current.Metadata.Uid != pod.Metadata.Uid)
                {
                    return false; // a new pod of the same name: not ours to change
                }
            }
        }
    }
}
