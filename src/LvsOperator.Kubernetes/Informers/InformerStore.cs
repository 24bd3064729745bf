using k8s;
using k8s.Models;
using LvsOperator.Kubernetes.Caching;

namespace LvsOperator.Kubernetes.Informers;

/// <summary>
/// The informer's cache writer: applies LIST results and watch events to the <see cref="ResourceCache{T}"/> and
/// tells the handlers what really changed (client-go's DeltaFIFO + indexer in one). A relist is diffed against the
/// cache — Deleted for keys gone meanwhile, Added for new ones, Updated only for a new resourceVersion — so an
/// unchanged object is never delivered twice. One lock covers cache writes and deliveries, so handlers see changes
/// in order and one at a time, and a handler added late gets exactly what is cached, then what follows.
/// </summary>
internal sealed class InformerStore<T>(ResourceCache<T> cache, InformerHandlers<T> handlers)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _lock = new();
    private string? _resourceVersion;
    private long _bookmarks;

    public string? ResourceVersion => Volatile.Read(ref _resourceVersion);

    public long Bookmarks => Interlocked.Read(ref _bookmarks);

    public void AddHandler(Action<ResourceEvent<T>> handler)
    {
        lock (_lock)
        {
            handlers.Add(handler);
            foreach (var obj in cache.List())
            {
                handlers.DeliverTo(handler, new ResourceEvent<T>(ResourceEventType.Added, obj, null));
            }
        }
    }

    public void RemoveHandler(Action<ResourceEvent<T>> handler)
    {
        lock (_lock)
        {
            handlers.Remove(handler);
        }
    }

    /// <summary>A complete LIST at <paramref name="resourceVersion"/>: the cache becomes exactly <paramref name="listed"/>.</summary>
    public void Replace(Dictionary<string, T> listed, string resourceVersion)
    {
        lock (_lock)
        {
            foreach (var key in cache.Keys())
            {
                if (!listed.ContainsKey(key) && cache.Remove(key) is { } gone)
                {
                    handlers.Deliver(new ResourceEvent<T>(ResourceEventType.Deleted, gone, null));
                }
            }

            foreach (var (key, item) in listed)
            {
                Apply(key, item);
            }

            Volatile.Write(ref _resourceVersion, resourceVersion);
        }
    }

    public void OnWatchEvent(WatchEventType type, T obj)
    {
        lock (_lock)
        {
            switch (type)
            {
                case WatchEventType.Bookmark:
                    Interlocked.Increment(ref _bookmarks);
                    break;
                case WatchEventType.Added or WatchEventType.Modified:
                    Apply(ObjectKeys.Of(obj), obj);
                    break;
                case WatchEventType.Deleted:
                    if (cache.Remove(ObjectKeys.Of(obj)) is not null)
                    {
                        handlers.Deliver(new ResourceEvent<T>(ResourceEventType.Deleted, obj, null));
                    }

                    break;
            }

            if (obj.Metadata?.ResourceVersion is { Length: > 0 } rv)
            {
                Volatile.Write(ref _resourceVersion, rv);
            }
        }
    }

    /// <summary>Every cached object again, as an update of itself.</summary>
    public void Resync()
    {
        lock (_lock)
        {
            foreach (var obj in cache.List())
            {
                handlers.Deliver(new ResourceEvent<T>(ResourceEventType.Updated, obj, obj));
            }
        }
    }

    // Under the lock: store the object and tell handlers, unless the cache already has this version.
    private void Apply(string key, T obj)
    {
        var cached = cache.Get(key);
        if (cached is not null && cached.Metadata?.ResourceVersion == obj.Metadata?.ResourceVersion)
        {
            return;
        }

        cache.Upsert(obj);
        handlers.Deliver(cached is null
            ? new ResourceEvent<T>(ResourceEventType.Added, obj, null)
            : new ResourceEvent<T>(ResourceEventType.Updated, obj, cached));
    }
}
