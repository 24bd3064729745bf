namespace LvsOperator.Kubernetes.Queues;

/// <summary>
/// The delaying half of <see cref="WorkQueue{TKey}"/>: keys with a due time in a heap and one timer armed for the
/// earliest (client-go's waitingForQueue), so a thousand delayed keys cost one timer. A key scheduled again keeps
/// its earlier due time. Due times are monotonic timestamps of the <see cref="TimeProvider"/>.
/// </summary>
internal sealed class DelayedKeys<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<TKey, long> _heap = new();
    private readonly Dictionary<TKey, long> _due = [];
    private readonly TimeProvider _time;
    private readonly Action<TKey> _ready;
    private readonly ITimer _timer;
    private bool _disposed;

    public DelayedKeys(TimeProvider time, Action<TKey> ready)
    {
        _time = time;
        _ready = ready;
        _timer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _due.Count;
            }
        }
    }

    public void Schedule(TKey key, TimeSpan delay)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var due = _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
            if (_due.TryGetValue(key, out var existing) && existing <= due)
            {
                return;
            }

            // The heap keeps the superseded entry; Fire skips entries whose time no longer matches _due.
            _due[key] = due;
            _heap.Enqueue(key, due);
            Arm();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _heap.Clear();
            _due.Clear();
        }

        _timer.Dispose();
    }

    private void Fire()
    {
        List<TKey>? ready = null;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetTimestamp();
            while (_heap.TryPeek(out var key, out var due) && due <= now)
            {
                _heap.Dequeue();
                if (_due.TryGetValue(key, out var current) && current == due)
                {
                    _due.Remove(key);
                    (ready ??= []).Add(key);
                }
            }

            Arm();
        }

        // Outside the lock: the queue takes its own lock, and may call back into Schedule.
        if (ready is not null)
        {
            foreach (var key in ready)
            {
                _ready(key);
            }
        }
    }

    private void Arm()
    {
        while (_heap.TryPeek(out var key, out var due) && (!_due.TryGetValue(key, out var current) || current != due))
        {
            _heap.Dequeue();
        }

        if (!_heap.TryPeek(out _, out var next))
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var wait = _time.GetElapsedTime(_time.GetTimestamp(), next);
        _timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
    }
}
