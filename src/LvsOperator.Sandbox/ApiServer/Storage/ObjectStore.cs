using System.Globalization;
using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Endpoints;

namespace LvsOperator.Sandbox.ApiServer.Storage;

/// <summary>
/// All objects in memory under one lock, one global resourceVersion, and a bounded event history so watches
/// can resume; a resume from before the history's start is answered 410 Expired like a compacted etcd.
/// Objects never leave the lock uncloned, because JsonNode is not safe to share across threads.
/// </summary>
internal sealed class ObjectStore(int historyLimit)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<ObjectKey, JsonObject> _objects = new(KeyComparer.Instance);
    private readonly Queue<StoredEvent> _history = new();
    private readonly List<WatchSubscription> _subscribers = [];
    private long _revision = 1;
    private long _compactedRevision;

    public long Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    public JsonObject? Get(ObjectKey key)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(key, out var o) ? (JsonObject)o.DeepClone() : null;
        }
    }

    public (List<JsonObject> Items, long Revision) List(string storageKind, string? ns)
    {
        lock (_gate)
        {
            var items = new List<JsonObject>();
            foreach (var (key, obj) in _objects)
            {
                if (key.StorageKind == storageKind && (ns is null || key.Namespace == ns))
                {
                    items.Add((JsonObject)obj.DeepClone());
                }
            }

            return (items, _revision);
        }
    }

    /// <summary>
    /// Read-decide-write under the lock. decide gets a clone of the current object (null when absent).
    /// Returns the stored result (a clone), with its new resourceVersion when something was written.
    /// </summary>
    public JsonObject? Write(ObjectKey key, Func<JsonObject?, StoreChange> decide, bool dryRun = false)
    {
        lock (_gate)
        {
            var current = _objects.TryGetValue(key, out var o) ? (JsonObject)o.DeepClone() : null;
            var change = decide(current);
            if (change.Kind == StoreChangeKind.None || change.Object is null)
            {
                return change.Object;
            }

            var obj = change.Object;
            if (dryRun)
            {
                return obj;
            }

            _revision++;
            SetRevision(obj, _revision);
            string type;
            JsonObject? previous = null;
            if (change.Kind == StoreChangeKind.Remove)
            {
                _objects.Remove(key);
                type = "DELETED";
            }
            else
            {
                type = current is null ? "ADDED" : "MODIFIED";
                previous = o;
                _objects[key] = (JsonObject)obj.DeepClone();
            }

            Record(new StoredEvent(type, key, obj, _revision, previous));
            return (JsonObject)obj.DeepClone();
        }
    }

    /// <summary>Removes every object matching the predicate (namespace and CRD cascades), one DELETED event each.</summary>
    public int RemoveWhere(Func<ObjectKey, bool> predicate)
    {
        lock (_gate)
        {
            var doomed = new List<ObjectKey>();
            foreach (var key in _objects.Keys)
            {
                if (predicate(key))
                {
                    doomed.Add(key);
                }
            }

            foreach (var key in doomed)
            {
                var obj = _objects[key];
                _objects.Remove(key);
                _revision++;
                SetRevision(obj, _revision);
                Record(new StoredEvent("DELETED", key, obj, _revision));
            }

            return doomed.Count;
        }
    }

    /// <summary>
    /// Starts a watch. With initial, the current objects are returned as the starting state; otherwise history
    /// after fromRevision is replayed into the subscription. Both happen under the lock, so nothing falls between.
    /// </summary>
    public WatchSubscription Subscribe(string storageKind, string? ns, long fromRevision, bool initial, out List<JsonObject> initialObjects, out long revision)
    {
        lock (_gate)
        {
            initialObjects = [];
            var sub = new WatchSubscription(storageKind, ns, Unsubscribe);
            if (initial)
            {
                foreach (var (key, obj) in _objects)
                {
                    if (sub.Matches(key))
                    {
                        initialObjects.Add((JsonObject)obj.DeepClone());
                    }
                }
            }
            else
            {
                if (fromRevision < _compactedRevision)
                {
                    throw ApiException.Gone($"too old resource version: {fromRevision} ({_compactedRevision + 1})");
                }

                foreach (var e in _history)
                {
                    if (e.Revision > fromRevision && sub.Matches(e.Key))
                    {
                        sub.Publish(Copy(e));
                    }
                }
            }

            revision = _revision;
            _subscribers.Add(sub);
            return sub;
        }
    }

    private void Unsubscribe(WatchSubscription sub)
    {
        lock (_gate)
        {
            _subscribers.Remove(sub);
        }
    }

    private void Record(StoredEvent e)
    {
        _history.Enqueue(e);
        while (_history.Count > historyLimit)
        {
            _compactedRevision = _history.Dequeue().Revision;
        }

        foreach (var sub in _subscribers)
        {
            if (sub.Matches(e.Key))
            {
                sub.Publish(Copy(e));
            }
        }
    }

    private static StoredEvent Copy(StoredEvent e) =>
        e with { Object = (JsonObject)e.Object.DeepClone(), Previous = (JsonObject?)e.Previous?.DeepClone() };

    private static void SetRevision(JsonObject obj, long revision)
    {
        if (obj["metadata"] is not JsonObject meta)
        {
            obj["metadata"] = meta = new JsonObject();
        }

        meta["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
    }

    private sealed class KeyComparer : IComparer<ObjectKey>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(ObjectKey x, ObjectKey y)
        {
            var c = string.CompareOrdinal(x.StorageKind, y.StorageKind);
            return c != 0 ? c : x.CompareTo(y);
        }
    }
}
