using k8s;
using k8s.Models;

namespace LvsOperator.Kubernetes.Client;

/// <summary>
/// The write verbs besides the reads, for kinds whose objects this project writes (VirtualService, Lease,
/// EndpointSlice, …): status writers, finalizers and leader election are written once over it.
/// </summary>
public interface IResourceClient<T> : IResourceReader<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    Task<T> CreateAsync(T obj, CancellationToken cancellationToken);

    /// <summary>PUT of the whole object; its metadata.resourceVersion is the precondition (409 when stale).</summary>
    Task<T> ReplaceAsync(T obj, CancellationToken cancellationToken);

    /// <summary>PUT of the status subresource; metadata.resourceVersion is the precondition (409 when stale).</summary>
    Task<T> ReplaceStatusAsync(T obj, CancellationToken cancellationToken);

    /// <summary>PATCH with the patch's own content type (JSON patch, merge patch, strategic merge patch).</summary>
    Task<T> PatchAsync(string? namespaceName, string name, V1Patch patch, CancellationToken cancellationToken);

    /// <summary>DELETE; false when the object was already gone.</summary>
    Task<bool> DeleteAsync(string? namespaceName, string name, CancellationToken cancellationToken);
}
