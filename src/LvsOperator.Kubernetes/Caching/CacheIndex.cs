namespace LvsOperator.Kubernetes.Caching;

/// <summary>
/// One secondary index of a <see cref="ResourceCache{T}"/>: index key → object keys. It remembers the keys it filed
/// each object under, so removal never calls the index function again. Guarded by the cache's lock.
/// </summary>
internal sealed class CacheIndex<T>(Func<T, IEnumerable<string>> indexKeys)
{
    private static readonly HashSet<string> None = [];
    private readonly Dictionary<string, HashSet<string>> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _filedUnder = new(StringComparer.Ordinal);

    public long Failures { get; private set; }

    public IReadOnlyCollection<string> Lookup(string indexKey) => _entries.GetValueOrDefault(indexKey) ?? None;

    public void Set(string objectKey, T obj)
    {
        Remove(objectKey);
        var keys = KeysOf(obj);
        if (keys.Length == 0)
        {
            return;
        }

        foreach (var indexKey in keys)
        {
            if (!_entries.TryGetValue(indexKey, out var set))
            {
                set = new HashSet<string>(StringComparer.Ordinal);
                _entries.Add(indexKey, set);
            }

            set.Add(objectKey);
        }

        _filedUnder[objectKey] = keys;
    }

    public void Remove(string objectKey)
    {
        if (!_filedUnder.Remove(objectKey, out var keys))
        {
            return;
        }

        foreach (var indexKey in keys)
        {
            if (_entries.TryGetValue(indexKey, out var set) && set.Remove(objectKey) && set.Count == 0)
            {
                _entries.Remove(indexKey);
            }
        }
    }

    private string[] KeysOf(T obj)
    {
        try
        {
            var keys = new HashSet<string>(indexKeys(obj) ?? [], StringComparer.Ordinal);
            return [.. keys];
        }
#pragma warning disable CA1031 // an index function is the caller's code: one bad object must not stop the informer
        catch (Exception)
#pragma warning restore CA1031
        {
            Failures++;
            return [];
        }
    }
}
