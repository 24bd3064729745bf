using LvsOperator.Kubernetes.RateLimiting;

namespace LvsOperator.Kubernetes.Queues;

/// <summary>
/// client-go's rate-limited, delaying work queue. A key waits in the queue at most once however often it is added
/// (dirty set), is handed to one worker at a time (processing set), and a key added while it is processed is queued
/// again when that worker calls <see cref="Done"/> — so N events for one object collapse into one reconcile, and
/// none is lost. <see cref="AddAfter"/> delays; <see cref="AddRateLimited"/> delays by the rate limiter (per-item
/// backoff and a global bucket by default); <see cref="Forget"/> resets an item's backoff after a success.
/// After <see cref="ShutDown"/> adds are ignored and workers drain what is queued, then get ShutDown.
/// </summary>
public sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Queue<TKey> _queue = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly LinkedList<TaskCompletionSource<WorkQueueItem<TKey>>> _waiters = new();
    private readonly DelayedKeys<TKey> _delayed;
    private readonly IRateLimiter<TKey> _rateLimiter;
    private TaskCompletionSource? _drained;
    private bool _shuttingDown;
    private long _adds;
    private long _retries;

    /// <param name="rateLimiter">Default: <see cref="RateLimiters.DefaultController{TKey}"/> on <paramref name="time"/>.</param>
    public WorkQueue(IRateLimiter<TKey>? rateLimiter = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        _rateLimiter = rateLimiter ?? RateLimiters.DefaultController<TKey>(time);
        _delayed = new DelayedKeys<TKey>(time, Add);
    }

    /// <summary>Keys waiting to be handed out (the queue depth metric); not those being processed or delayed.</summary>
    public int Length
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public int Processing
    {
        get
        {
            lock (_lock)
            {
                return _processing.Count;
            }
        }
    }

    /// <summary>Keys waiting for their <see cref="AddAfter"/> delay.</summary>
    public int Delayed => _delayed.Count;

    /// <summary>Calls of <see cref="Add"/> (including delayed ones when due), collapsed or not.</summary>
    public long AddsTotal => Interlocked.Read(ref _adds);

    /// <summary>Calls of <see cref="AddRateLimited"/>.</summary>
    public long RetriesTotal => Interlocked.Read(ref _retries);

    public bool IsShuttingDown
    {
        get
        {
            lock (_lock)
            {
                return _shuttingDown;
            }
        }
    }

    public void Add(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Interlocked.Increment(ref _adds);
        lock (_lock)
        {
            if (_shuttingDown || !_dirty.Add(key) || _processing.Contains(key))
            {
                return;
            }

            _queue.Enqueue(key);
            Dispatch();
        }
    }

    /// <summary>Adds <paramref name="key"/> once <paramref name="delay"/> has passed; an earlier pending time for it wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (IsShuttingDown)
        {
            return;
        }

        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        _delayed.Schedule(key, delay);
    }

    /// <summary>Adds <paramref name="key"/> after the rate limiter's delay for it (a retry after a failure).</summary>
    public void AddRateLimited(TKey key)
    {
        Interlocked.Increment(ref _retries);
        AddAfter(key, _rateLimiter.When(key));
    }

    /// <summary>The key succeeded: forget its failures so its next retry starts from the base delay.</summary>
    public void Forget(TKey key) => _rateLimiter.Forget(key);

    public int NumRequeues(TKey key) => _rateLimiter.NumRequeues(key);

    /// <summary>
    /// The next key to process; the caller owns it until it calls <see cref="Done"/>. Returns ShutDown once the queue
    /// is shut down and empty. Cancelling the token abandons the wait without taking a key.
    /// </summary>
    public Task<WorkQueueItem<TKey>> GetAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<WorkQueueItem<TKey>> waiter;
        LinkedListNode<TaskCompletionSource<WorkQueueItem<TKey>>> node;
        lock (_lock)
        {
            if (_queue.Count > 0)
            {
                return Task.FromResult(new WorkQueueItem<TKey>(Take(), ShutDown: false));
            }

            if (_shuttingDown)
            {
                return Task.FromResult(new WorkQueueItem<TKey>(default!, ShutDown: true));
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<WorkQueueItem<TKey>>(cancellationToken);
            }

            waiter = new TaskCompletionSource<WorkQueueItem<TKey>>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => Abandon(node, cancellationToken));
            _ = waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return waiter.Task;
    }

    /// <summary>The worker finished <paramref name="key"/>; if it was added meanwhile it is queued again now.</summary>
    public void Done(TKey key)
    {
        lock (_lock)
        {
            if (!_processing.Remove(key))
            {
                return;
            }

            if (_dirty.Contains(key))
            {
                _queue.Enqueue(key);
                Dispatch();
            }

            if (_processing.Count == 0)
            {
                _drained?.TrySetResult();
            }
        }
    }

    /// <summary>Ignores adds from now on; workers get what is still queued, then ShutDown.</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            _shuttingDown = true;
            if (_queue.Count == 0)
            {
                foreach (var waiter in _waiters)
                {
                    waiter.TrySetResult(new WorkQueueItem<TKey>(default!, ShutDown: true));
                }

                _waiters.Clear();
            }
        }

        _delayed.Dispose();
    }

    /// <summary>Shuts down and waits until every key handed out has been <see cref="Done"/>.</summary>
    public Task ShutDownWithDrainAsync(CancellationToken cancellationToken = default)
    {
        Task drained;
        lock (_lock)
        {
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_processing.Count == 0)
            {
                _drained.TrySetResult();
            }

            drained = _drained.Task;
        }

        ShutDown();
        return drained.WaitAsync(cancellationToken);
    }

    public void Dispose() => ShutDown();

    private TKey Take()
    {
        var key = _queue.Dequeue();
        _processing.Add(key);
        _dirty.Remove(key);
        return key;
    }

    // Hands queued keys to waiting workers; under the lock, so a waiter is completed either here or by Abandon, never both.
    private void Dispatch()
    {
        while (_queue.Count > 0 && _waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            first.Value.TrySetResult(new WorkQueueItem<TKey>(Take(), ShutDown: false));
        }

        if (_shuttingDown && _queue.Count == 0)
        {
            foreach (var waiter in _waiters)
            {
                waiter.TrySetResult(new WorkQueueItem<TKey>(default!, ShutDown: true));
            }

            _waiters.Clear();
        }
    }

    private void Abandon(LinkedListNode<TaskCompletionSource<WorkQueueItem<TKey>>> node, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                return;
            }

            _waiters.Remove(node);
            node.Value.TrySetCanceled(cancellationToken);
        }
    }
}
