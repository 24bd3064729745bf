using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.Kubernetes.Tests.TestSupport;

/// <summary>
/// Wraps a real reader so a test can disconnect an informer: <see cref="Close"/> ends the watch in flight and holds
/// back the next one until <see cref="Open"/> — the informer then resumes from its old resourceVersion against the
/// real server, which answers 410 once enough changes passed. Counts what it forwards.
/// </summary>
public sealed class GatedReader<T>(IResourceReader<T> inner) : IResourceReader<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _gate = Opened();
    private CancellationTokenSource _current = new();
    private int _watchesStarted;

    public bool Namespaced => inner.Namespaced;

    public int WatchesStarted => Volatile.Read(ref _watchesStarted);

    /// <summary>True while a watch is held at the closed gate.</summary>
    public bool Waiting { get; private set; }

    public void Close()
    {
        lock (_lock)
        {
            _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _current.Cancel();
        }
    }

    public void Open()
    {
        lock (_lock)
        {
            _gate.TrySetResult();
        }
    }

    public Task<ResourceList<T>> ListAsync(ResourceSelector selector, int? limit, string? continueToken, CancellationToken cancellationToken) =>
        inner.ListAsync(selector, limit, continueToken, cancellationToken);

    public Task<T?> GetAsync(string? namespaceName, string name, CancellationToken cancellationToken) =>
        inner.GetAsync(namespaceName, name, cancellationToken);

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        ResourceSelector selector, string resourceVersion, int timeoutSeconds, Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Task gate;
        lock (_lock)
        {
            gate = _gate.Task;
            Waiting = !gate.IsCompleted;
        }

        await gate.WaitAsync(cancellationToken);
        CancellationTokenSource current;
        lock (_lock)
        {
            Waiting = false;
            _current = new CancellationTokenSource();
            current = _current;
        }

        Interlocked.Increment(ref _watchesStarted);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, current.Token);
        await foreach (var e in inner.WatchAsync(selector, resourceVersion, timeoutSeconds, onError, linked.Token).WithCancellation(linked.Token))
        {
            yield return e;
        }
    }

    private static TaskCompletionSource Opened()
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tcs.SetResult();
        return tcs;
    }
}
