using k8s;
using k8s.Models;

namespace LvsOperator.Kubernetes.Client;

/// <summary>
/// LIST, WATCH and GET of one resource kind, uniform over built-ins and custom resources: what an informer needs.
/// Get instances from <see cref="ResourceClients"/>; tests may fake it. Objects returned carry their apiVersion and
/// kind (list items arrive without them; readers put them back).
/// </summary>
public interface IResourceReader<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>False for cluster-scoped kinds (Node): their namespace arguments are ignored.</summary>
    bool Namespaced { get; }

    /// <summary>One page of a LIST; <paramref name="continueToken"/> from the previous page, null for the first.</summary>
    Task<ResourceList<T>> ListAsync(ResourceSelector selector, int? limit, string? continueToken, CancellationToken cancellationToken);

    /// <summary>
    /// A WATCH from <paramref name="resourceVersion"/> with bookmarks allowed, ended by the server after
    /// <paramref name="timeoutSeconds"/>. ERROR events (410 Expired among them) and undecodable lines go to
    /// <paramref name="onError"/> and are not yielded; the enumeration ends when the server closes the stream.
    /// </summary>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        ResourceSelector selector, string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken);

    /// <summary>The object, or null when it does not exist (404).</summary>
    Task<T?> GetAsync(string? namespaceName, string name, CancellationToken cancellationToken);
}
