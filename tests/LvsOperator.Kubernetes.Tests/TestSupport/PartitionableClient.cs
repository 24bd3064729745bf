using k8s;
using k8s.Models;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.Kubernetes.Tests.TestSupport;

/// <summary>Wraps a real client; while <see cref="Partitioned"/> every call hangs until cancelled, as across a network partition.</summary>
public sealed class PartitionableClient<T>(IResourceClient<T> inner) : IResourceClient<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private volatile bool _partitioned;

    public bool Partitioned { get => _partitioned; set => _partitioned = value; }

    public bool Namespaced => inner.Namespaced;

    public async Task<ResourceList<T>> ListAsync(ResourceSelector selector, int? limit, string? continueToken, CancellationToken cancellationToken)
    {
        await GateAsync(cancellationToken);
        return await inner.ListAsync(selector, limit, continueToken, cancellationToken);
    }

    public IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        ResourceSelector selector, string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken) =>
        inner.WatchAsync(selector, resourceVersion, timeoutSeconds, onError, cancellationToken);

    public async Task<T?> GetAsync(string? namespaceName, string name, CancellationToken cancellationToken)
    {
        await GateAsync(cancellationToken);
        return await inner.GetAsync(namespaceName, name, cancellationToken);
    }

    public async Task<T> CreateAsync(T obj, CancellationToken cancellationToken)
    {
        await GateAsync(cancellationToken);
        return await inner.CreateAsync(obj, cancellationToken);
    }

    public async Task<T> ReplaceAsync(T obj, CancellationToken cancellationToken)
    {
        await GateAsync(cancellationToken);
        return await inner.ReplaceAsync(obj, cancellationToken);
    }

    public async Task<T> ReplaceStatusAsync(T obj, CancellationToken cancellationToken)
    {
        await GateAsync(cancellationToken);
        return await inner.ReplaceStatusAsync(obj, cancellationToken);
    }

    public async Task<T> PatchAsync(string? namespaceName, string name, V1Patch patch, CancellationToken cancellationToken)
    {
        await GateAsync(cancellationToken);
        return await inner.PatchAsync(namespaceName, name, patch, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string? namespaceName, string name, CancellationToken cancellationToken)
    {
        await GateAsync(cancellationToken);
        return await inner.DeleteAsync(namespaceName, name, cancellationToken);
    }

    private async Task GateAsync(CancellationToken cancellationToken)
    {
        while (Partitioned)
        {
            await Task.Delay(10, cancellationToken);
        }
    }
}
