using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace LvsOperator.Kubernetes.Client;

/// <summary>
/// Any kind in a named API group (custom resources, discovery.k8s.io, coordination.k8s.io, …) through the generic
/// CustomObjects operations: their URLs are /apis/GROUP/VERSION/[namespaces/NS/]PLURAL for every group. Watch events
/// arrive as JSON elements and are decoded to <typeparamref name="T"/> here, because the typed
/// <c>WatchAsync&lt;T, object&gt;</c> of KubernetesClient 21 is obsolete.
/// </summary>
internal sealed class GroupResourceClient<T>(IKubernetes client, bool namespaced) : IResourceClient<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ResourceType _type = ResourceType.Of<T>();

    public bool Namespaced => namespaced;

    public async Task<ResourceList<T>> ListAsync(ResourceSelector selector, int? limit, string? continueToken, CancellationToken cancellationToken)
    {
        var ops = client.CustomObjects;
        ObjectList<T> list;
        if (!namespaced)
        {
            list = await ops.ListClusterCustomObjectAsync<ObjectList<T>>(
                _type.Group, _type.Version, _type.Plural, continueParameter: continueToken, fieldSelector: selector.FieldSelector,
                labelSelector: selector.LabelSelector, limit: limit, cancellationToken: cancellationToken);
        }
        else if (selector.Namespace is null)
        {
            list = await ops.ListCustomObjectForAllNamespacesAsync<ObjectList<T>>(
                _type.Group, _type.Version, _type.Plural, continueParameter: continueToken, fieldSelector: selector.FieldSelector,
                labelSelector: selector.LabelSelector, limit: limit, cancellationToken: cancellationToken);
        }
        else
        {
            list = await ops.ListNamespacedCustomObjectAsync<ObjectList<T>>(
                _type.Group, _type.Version, selector.Namespace, _type.Plural, continueParameter: continueToken,
                fieldSelector: selector.FieldSelector, labelSelector: selector.LabelSelector, limit: limit, cancellationToken: cancellationToken);
        }

        var items = new List<T>(list.Items.Count);
        foreach (var item in list.Items)
        {
            items.Add(Typed(item));
        }

        return new ResourceList<T>(items, list.Metadata?.ResourceVersion ?? "", NullIfEmpty(list.Metadata?.ContinueProperty));
    }

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        ResourceSelector selector, string resourceVersion, int timeoutSeconds, Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var ops = client.CustomObjects;
        IAsyncEnumerable<(WatchEventType, object)> stream;
        if (!namespaced)
        {
            stream = ops.WatchListClusterCustomObjectAsync(
                _type.Group, _type.Version, _type.Plural, allowWatchBookmarks: true, fieldSelector: selector.FieldSelector,
                labelSelector: selector.LabelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds,
                onError: onError, cancellationToken: cancellationToken);
        }
        else if (selector.Namespace is null)
        {
            stream = ops.WatchListCustomObjectForAllNamespacesAsync(
                _type.Group, _type.Version, _type.Plural, allowWatchBookmarks: true, fieldSelector: selector.FieldSelector,
                labelSelector: selector.LabelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds,
                onError: onError, cancellationToken: cancellationToken);
        }
        else
        {
            stream = ops.WatchListNamespacedCustomObjectAsync(
                _type.Group, _type.Version, selector.Namespace, _type.Plural, allowWatchBookmarks: true,
                fieldSelector: selector.FieldSelector, labelSelector: selector.LabelSelector, resourceVersion: resourceVersion,
                timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken);
        }

        await foreach (var (type, raw) in stream.WithCancellation(cancellationToken))
        {
            T? decoded;
            try
            {
                decoded = raw is JsonElement element ? KubernetesJson.Deserialize<T>(element) : KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(raw));
            }
            catch (JsonException e)
            {
                onError(e);
                continue;
            }

            if (decoded is not null)
            {
                yield return (type, Typed(decoded));
            }
        }
    }

    public async Task<T?> GetAsync(string? namespaceName, string name, CancellationToken cancellationToken)
    {
        try
        {
            var obj = namespaced
                ? await client.CustomObjects.GetNamespacedCustomObjectAsync<T>(_type.Group, _type.Version, Ns(namespaceName), _type.Plural, name, cancellationToken)
                : await client.CustomObjects.GetClusterCustomObjectAsync<T>(_type.Group, _type.Version, _type.Plural, name, cancellationToken);
            return Typed(obj);
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            return null;
        }
    }

    public async Task<T> CreateAsync(T obj, CancellationToken cancellationToken) => Typed(namespaced
        ? await client.CustomObjects.CreateNamespacedCustomObjectAsync<T>(Typed(obj), _type.Group, _type.Version, Ns(obj.Metadata.NamespaceProperty), _type.Plural, cancellationToken: cancellationToken)
        : await client.CustomObjects.CreateClusterCustomObjectAsync<T>(Typed(obj), _type.Group, _type.Version, _type.Plural, cancellationToken: cancellationToken));

    public async Task<T> ReplaceAsync(T obj, CancellationToken cancellationToken) => Typed(namespaced
        ? await client.CustomObjects.ReplaceNamespacedCustomObjectAsync<T>(Typed(obj), _type.Group, _type.Version, Ns(obj.Metadata.NamespaceProperty), _type.Plural, obj.Metadata.Name, cancellationToken: cancellationToken)
        : await client.CustomObjects.ReplaceClusterCustomObjectAsync<T>(Typed(obj), _type.Group, _type.Version, _type.Plural, obj.Metadata.Name, cancellationToken: cancellationToken));

    public async Task<T> ReplaceStatusAsync(T obj, CancellationToken cancellationToken) => Typed(namespaced
        ? await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<T>(Typed(obj), _type.Group, _type.Version, Ns(obj.Metadata.NamespaceProperty), _type.Plural, obj.Metadata.Name, cancellationToken: cancellationToken)
        : await client.CustomObjects.ReplaceClusterCustomObjectStatusAsync<T>(Typed(obj), _type.Group, _type.Version, _type.Plural, obj.Metadata.Name, cancellationToken: cancellationToken));

    public async Task<T> PatchAsync(string? namespaceName, string name, V1Patch patch, CancellationToken cancellationToken) => Typed(namespaced
        ? await client.CustomObjects.PatchNamespacedCustomObjectAsync<T>(patch, _type.Group, _type.Version, Ns(namespaceName), _type.Plural, name, cancellationToken: cancellationToken)
        : await client.CustomObjects.PatchClusterCustomObjectAsync<T>(patch, _type.Group, _type.Version, _type.Plural, name, cancellationToken: cancellationToken));

    public async Task<bool> DeleteAsync(string? namespaceName, string name, CancellationToken cancellationToken)
    {
        try
        {
            if (namespaced)
            {
                await client.CustomObjects.DeleteNamespacedCustomObjectAsync(_type.Group, _type.Version, Ns(namespaceName), _type.Plural, name, cancellationToken: cancellationToken);
            }
            else
            {
                await client.CustomObjects.DeleteClusterCustomObjectAsync(_type.Group, _type.Version, _type.Plural, name, cancellationToken: cancellationToken);
            }

            return true;
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            return false;
        }
    }

    private static string Ns(string? namespaceName) =>
        string.IsNullOrEmpty(namespaceName) ? throw new ArgumentException($"{typeof(T).Name} is namespaced: a namespace is required") : namespaceName;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private T Typed(T obj) => _type.Stamp(obj);
}
