using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace LvsOperator.Sandbox.Controllers;

/// <summary>Deleting a pod the way controllers do: gracefully (the kubelet's finalizer holds it), and a pod already gone is fine.</summary>
internal static class PodDeletion
{
    public static async Task DeleteAsync(IKubernetes client, V1Pod pod, CancellationToken cancellationToken)
    {
        if (PodFacts.IsTerminating(pod))
        {
            return;
        }

        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }
}
