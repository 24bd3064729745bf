using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace LvsOperator.Kubernetes.Client;

/// <summary>
/// A core-group kind (/api/v1: Service, Node, Pod) read through KubernetesClient's typed operations, given as
/// delegates by <see cref="ResourceClients"/>: the generic CustomObjects URLs cannot name the core group.
/// </summary>
internal sealed class CoreResourceReader<T, TList>(
    bool namespaced,
    Func<ResourceSelector, int?, string?, CancellationToken, Task<TList>> list,
    Func<ResourceSelector, string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch,
    Func<string?, string, CancellationToken, Task<T>> get) : IResourceReader<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    private readonly ResourceType _type = ResourceType.Of<T>();

    public bool Namespaced => namespaced;

    public async Task<ResourceList<T>> ListAsync(ResourceSelector selector, int? limit, string? continueToken, CancellationToken cancellationToken)
    {
        var page = await list(selector, limit, continueToken, cancellationToken);
        var items = new List<T>(page.Items.Count);
        foreach (var item in page.Items)
        {
            items.Add(Typed(item));
        }

        var next = page.Metadata?.ContinueProperty;
        return new ResourceList<T>(items, page.Metadata?.ResourceVersion ?? "", string.IsNullOrEmpty(next) ? null : next);
    }

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        ResourceSelector selector, string resourceVersion, int timeoutSeconds, Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (type, obj) in watch(selector, resourceVersion, timeoutSeconds, onError, cancellationToken).WithCancellation(cancellationToken))
        {
            yield return (type, Typed(obj));
        }
    }

    public async Task<T?> GetAsync(string? namespaceName, string name, CancellationToken cancellationToken)
    {
        try
        {
            return Typed(await get(namespaceName, name, cancellationToken));
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            return null;
        }
    }

    private T Typed(T obj) => _type.Stamp(obj);
}
