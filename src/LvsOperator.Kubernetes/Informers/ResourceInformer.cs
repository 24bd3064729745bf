using k8s;
using k8s.Models;
using LvsOperator.Kubernetes.Caching;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.RateLimiting;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Kubernetes.Informers;

/// <summary>
/// Keeps a <see cref="ResourceCache{T}"/> of one kind in step with the API server and tells handlers what changed,
/// as client-go's reflector + shared informer: LIST (paged), then WATCH from the list's resourceVersion with bookmarks,
/// remembering the last resourceVersion seen (bookmarks included). A 410 Expired relists; any other end of a watch
/// reconnects from the last resourceVersion, at once after a healthy watch, else after a jittered exponential backoff.
/// A relist is diffed against the cache (<see cref="InformerStore{T}"/>): only real changes are delivered. Handlers
/// run one at a time on the informer's loop, after the cache shows the change; they should be quick (enqueue a key).
/// </summary>
public sealed partial class ResourceInformer<T> : IResourceInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    // A watch that delivered nothing and lasted less than this is not healthy: the next attempt waits out a backoff.
    private static readonly TimeSpan HealthyWatch = TimeSpan.FromSeconds(1);

    private readonly IResourceReader<T> _reader;
    private readonly ResourceInformerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _kind = ResourceType.Of<T>().Kind;
    private readonly string _resource = ResourceType.Of<T>().Resource;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly JitteredBackoff _backoff;
    private readonly InformerStore<T> _store;
    private int _running;
    private long _lists;
    private long _watches;
    private string? _lastError;

    public ResourceInformer(IResourceReader<T> reader, ResourceInformerOptions options, ILogger<ResourceInformer<T>> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.WatchTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ResyncPeriod, TimeSpan.Zero);
        _reader = reader;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _backoff = new JitteredBackoff(options.InitialBackoff, options.MaxBackoff);
        _store = new InformerStore<T>(Cache, new InformerHandlers<T>(logger, _kind));
    }

    /// <summary>The local copy; add indexes before <see cref="RunAsync"/> (or later: existing objects are indexed at once).</summary>
    public ResourceCache<T> Cache { get; } = new();

    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The last resourceVersion seen: of the last LIST, watch event or bookmark. Null before the first LIST.</summary>
    public string? ResourceVersion => _store.ResourceVersion;

    /// <summary>LISTs done, the first included: more than one means the informer relisted (410, or a failed watch start).</summary>
    public long Lists => Interlocked.Read(ref _lists);

    /// <summary>WATCH requests started.</summary>
    public long Watches => Interlocked.Read(ref _watches);

    public long Bookmarks => _store.Bookmarks;

    /// <summary>
    /// Why the last LIST or WATCH failed (<see cref="ApiErrors.Describe"/>: "forbidden: list endpointslices…"), or null
    /// since the last one that worked. For readiness reports: an informer that never syncs should say why.
    /// </summary>
    public string? LastError => Volatile.Read(ref _lastError);

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Adds a handler; it first receives Added for every object already cached (none are missed or doubled: this runs
    /// under the delivery lock), then every change. Dispose the result to remove it. A handler that throws is logged
    /// and does not stop the others.
    /// </summary>
    public IDisposable AddHandler(Action<ResourceEvent<T>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _store.AddHandler(handler);
        return new Registration(_store, handler);
    }

    /// <exception cref="InvalidOperationException">The informer is already running: run each one once.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException($"this {_kind} informer is already running");
        }

        using var resync = _options.ResyncPeriod > TimeSpan.Zero ? new PeriodicTimer(_options.ResyncPeriod, _time) : null;
        var resyncing = resync is null ? Task.CompletedTask : ResyncAsync(resync, cancellationToken);
        var mustList = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            var healthy = false;
            var verb = mustList ? "LIST" : "WATCH";
            try
            {
                if (mustList)
                {
                    await ListAsync(cancellationToken);
                    mustList = false;
                    verb = "WATCH";
                }

                var end = await WatchAsync(cancellationToken);
                healthy = end.Healthy;
                mustList = end.Expired;
                if (healthy)
                {
                    Volatile.Write(ref _lastError, null);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // any API or transport failure is retried: an informer never stops its host
            catch (Exception e)
#pragma warning restore CA1031
            {
                // A 410 here is an expired continue token or a watch refused outright: both need a fresh LIST.
                mustList |= ApiErrors.IsGone(e);
                var problem = ApiErrors.Describe(e, verb.ToLowerInvariant(), _resource);
                Volatile.Write(ref _lastError, problem);
                LogFailed(_logger, e, _kind, problem, _store.ResourceVersion ?? "");
            }

            if (healthy)
            {
                _backoff.Reset();
                continue;
            }

            try
            {
                await Task.Delay(_backoff.Next(), _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        resync?.Dispose();
        await resyncing;
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var listed = new Dictionary<string, T>(StringComparer.Ordinal);
        string? token = null;
        string resourceVersion;
        do
        {
            var page = await _reader.ListAsync(_options.Selector, _options.PageSize, token, cancellationToken);
            foreach (var item in page.Items)
            {
                listed[ObjectKeys.Of(item)] = item;
            }

            resourceVersion = page.ResourceVersion;
            token = page.Continue;
        }
        while (token is not null);

        Interlocked.Increment(ref _lists);
        Volatile.Write(ref _lastError, null);
        _store.Replace(listed, resourceVersion);
        LogListed(_logger, _kind, listed.Count, resourceVersion);
        _synced.TrySetResult();
    }

    private async Task<WatchEnd> WatchAsync(CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromTicks((long)(_options.WatchTimeout.Ticks * (1 + Random.Shared.NextDouble())));
        var timeoutSeconds = (int)Math.Max(1, Math.Ceiling(timeout.TotalSeconds));

        // The server ends the watch after timeoutSeconds; the client gives up a little later in case the connection
        // went silent without closing (a half-open TCP connection never delivers the server's end).
        using var silence = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds) + TimeSpan.FromSeconds(30), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, silence.Token);
        var started = _time.GetTimestamp();
        var events = 0;
        var expired = false;
        var from = _store.ResourceVersion ?? "";
        Interlocked.Increment(ref _watches);
        LogWatching(_logger, _kind, from);
        void OnError(Exception e)
        {
            if (ApiErrors.IsGone(e))
            {
                expired = true;
            }
            else
            {
                LogWatchError(_logger, e, _kind);
            }
        }

        try
        {
            await foreach (var (type, obj) in _reader.WatchAsync(_options.Selector, from, timeoutSeconds, OnError, linked.Token))
            {
                events++;
                _store.OnWatchEvent(type, obj);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Our own silence timeout: reconnect like after any other end of the watch.
        }
        catch (Exception e) when (ApiErrors.IsGone(e))
        {
            expired = true;
        }

        if (expired)
        {
            LogExpired(_logger, _kind, from);
        }

        return new WatchEnd(expired, events > 0 || _time.GetElapsedTime(started) >= HealthyWatch);
    }

    private async Task ResyncAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (!HasSynced)
                {
                    continue;
                }

                _store.Resync();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with the informer.
        }
    }

    private readonly record struct WatchEnd(bool Expired, bool Healthy);

    private sealed class Registration(InformerStore<T> store, Action<ResourceEvent<T>> handler) : IDisposable
    {
        public void Dispose() => store.RemoveHandler(handler);
    }
}
