using System.Globalization;
using k8s;
using k8s.Models;
using LvsOperator.Kubernetes.Caching;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.Kubernetes.Tests.TestSupport;

/// <summary>
/// An API server's storage semantics for one kind, in memory: copies in and out, a resourceVersion per write, 409 on
/// a stale resourceVersion or a duplicate create, 404 for missing objects. <see cref="Fault"/> injects errors and
/// <see cref="Hang"/> blocks calls until cancelled, for election and retry tests that need a deterministic clock.
/// </summary>
public sealed class InMemoryResourceClient<T> : IResourceClient<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _objects = [];
    private long _revision;

    public bool Namespaced => true;

    /// <summary>Called with the verb ("get", "create", "replace", …) before each call; a returned exception is thrown.</summary>
    public Func<string, Exception?>? Fault { get; set; }

    /// <summary>While true every call waits until its token is cancelled (a partitioned or stuck API server).</summary>
    public bool Hang { get; set; }

    public int Writes { get; private set; }

    public T? Peek(string? ns, string name)
    {
        lock (_lock)
        {
            return _objects.TryGetValue(ObjectKeys.Of(ns, name), out var json) ? KubernetesJson.Deserialize<T>(json) : null;
        }
    }

    /// <summary>Stores an object as another writer would (bumping its resourceVersion).</summary>
    public T Put(T obj)
    {
        lock (_lock)
        {
            return Store(obj);
        }
    }

    public static Exception Error(int code, string reason) => new k8s.KubernetesException(new V1Status { Code = code, Reason = reason, Message = reason });

    public Task<ResourceList<T>> ListAsync(ResourceSelector selector, int? limit, string? continueToken, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var items = _objects.Values.Select(j => KubernetesJson.Deserialize<T>(j)).ToList();
            return Task.FromResult(new ResourceList<T>(items, _revision.ToString(CultureInfo.InvariantCulture), null));
        }
    }

    public IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        ResourceSelector selector, string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the in-memory client does not watch");

    public async Task<T?> GetAsync(string? namespaceName, string name, CancellationToken cancellationToken)
    {
        await EnterAsync("get", cancellationToken);
        return Peek(namespaceName, name);
    }

    public async Task<T> CreateAsync(T obj, CancellationToken cancellationToken)
    {
        await EnterAsync("create", cancellationToken);
        lock (_lock)
        {
            if (_objects.ContainsKey(ObjectKeys.Of(obj)))
            {
                throw Error(409, "AlreadyExists");
            }

            return Store(obj);
        }
    }

    public async Task<T> ReplaceAsync(T obj, CancellationToken cancellationToken)
    {
        await EnterAsync("replace", cancellationToken);
        lock (_lock)
        {
            if (!_objects.TryGetValue(ObjectKeys.Of(obj), out var json))
            {
                throw Error(404, "NotFound");
            }

            if (KubernetesJson.Deserialize<T>(json).Metadata.ResourceVersion != obj.Metadata.ResourceVersion)
            {
                throw Error(409, "Conflict");
            }

            return Store(obj);
        }
    }

    public Task<T> ReplaceStatusAsync(T obj, CancellationToken cancellationToken) => ReplaceAsync(obj, cancellationToken);

    public Task<T> PatchAsync(string? namespaceName, string name, V1Patch patch, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the in-memory client does not patch");

    public async Task<bool> DeleteAsync(string? namespaceName, string name, CancellationToken cancellationToken)
    {
        await EnterAsync("delete", cancellationToken);
        lock (_lock)
        {
            return _objects.Remove(ObjectKeys.Of(namespaceName, name));
        }
    }

    private T Store(T obj)
    {
        var copy = KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));
        copy.Metadata.ResourceVersion = (++_revision).ToString(CultureInfo.InvariantCulture);
        _objects[ObjectKeys.Of(copy)] = KubernetesJson.Serialize(copy);
        Writes++;
        return KubernetesJson.Deserialize<T>(_objects[ObjectKeys.Of(copy)]);
    }

    private async Task EnterAsync(string verb, CancellationToken cancellationToken)
    {
        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (Fault?.Invoke(verb) is { } error)
        {
            throw error;
        }
    }
}
