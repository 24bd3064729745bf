using k8s;
using k8s.Models;

namespace LvsOperator.Kubernetes.Caching;

/// <summary>
/// The informer's local copy of one kind, keyed by <see cref="ObjectKeys"/>, with named secondary indexes (object →
/// keys, e.g. EndpointSlices by "namespace/service-name"). Reads are safe from any thread and return snapshots.
/// The cache never changes an object it holds: a newer version replaces it. Callers must not change them either;
/// copy with <see cref="ObjectCopy.Clone"/> before editing.
/// </summary>
public sealed class ResourceCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CacheIndex<T>> _indexes = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    public T? Get(string key)
    {
        lock (_lock)
        {
            return _items.GetValueOrDefault(key);
        }
    }

    public T? Get(string? namespaceName, string name) => Get(ObjectKeys.Of(namespaceName, name));

    public IReadOnlyList<T> List()
    {
        lock (_lock)
        {
            return [.. _items.Values];
        }
    }

    public IReadOnlyList<string> Keys()
    {
        lock (_lock)
        {
            return [.. _items.Keys];
        }
    }

    /// <summary>The objects the index named <paramref name="indexName"/> files under <paramref name="indexKey"/>.</summary>
    /// <exception cref="KeyNotFoundException">No index of that name was added.</exception>
    public IReadOnlyList<T> ByIndex(string indexName, string indexKey)
    {
        lock (_lock)
        {
            var keys = Index(indexName).Lookup(indexKey);
            var result = new List<T>(keys.Count);
            foreach (var key in keys)
            {
                result.Add(_items[key]);
            }

            return result;
        }
    }

    /// <summary>The object keys the index files under <paramref name="indexKey"/>.</summary>
    public IReadOnlyList<string> KeysByIndex(string indexName, string indexKey)
    {
        lock (_lock)
        {
            return [.. Index(indexName).Lookup(indexKey)];
        }
    }

    /// <summary>
    /// Adds a secondary index: <paramref name="indexKeys"/> names the keys an object is filed under (none is fine).
    /// Existing objects are indexed at once. An index function that throws files that object under no key.
    /// </summary>
    public void AddIndex(string indexName, Func<T, IEnumerable<string>> indexKeys)
    {
        ArgumentException.ThrowIfNullOrEmpty(indexName);
        ArgumentNullException.ThrowIfNull(indexKeys);
        lock (_lock)
        {
            if (_indexes.ContainsKey(indexName))
            {
                throw new InvalidOperationException($"index {indexName} already exists");
            }

            var index = new CacheIndex<T>(indexKeys);
            foreach (var (key, obj) in _items)
            {
                index.Set(key, obj);
            }

            _indexes.Add(indexName, index);
        }
    }

    /// <summary>How many times an index function threw (the object was filed under no key of that index).</summary>
    public long IndexFailures
    {
        get
        {
            lock (_lock)
            {
                long total = 0;
                foreach (var index in _indexes.Values)
                {
                    total += index.Failures;
                }

                return total;
            }
        }
    }

    /// <summary>Stores <paramref name="obj"/> under its key (the informer's write; tests may use it) and returns the version it replaced.</summary>
    public T? Upsert(T obj)
    {
        var key = ObjectKeys.Of(obj);
        lock (_lock)
        {
            _items.TryGetValue(key, out var previous);
            foreach (var index in _indexes.Values)
            {
                index.Set(key, obj);
            }

            _items[key] = obj;
            return previous;
        }
    }

    /// <summary>Removes the object under <paramref name="key"/> and returns it, or null when there was none.</summary>
    public T? Remove(string key)
    {
        lock (_lock)
        {
            if (!_items.Remove(key, out var previous))
            {
                return null;
            }

            foreach (var index in _indexes.Values)
            {
                index.Remove(key);
            }

            return previous;
        }
    }

    private CacheIndex<T> Index(string indexName) =>
        _indexes.TryGetValue(indexName, out var index) ? index : throw new KeyNotFoundException($"no index named {indexName}");
}
