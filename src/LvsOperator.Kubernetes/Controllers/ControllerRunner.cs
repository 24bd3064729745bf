using LvsOperator.Kubernetes.Queues;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Kubernetes.Controllers;

/// <summary>
/// Runs <see cref="ControllerOptions.Workers"/> workers that take keys from a <see cref="WorkQueue{TKey}"/> and
/// reconcile them, acting on the result: success forgets the key's backoff, RequeueAfter re-adds it after the delay,
/// Requeue and Error retry it rate-limited. Every exception a reconcile throws is caught, logged, counted and
/// retried, so no object can stop the host. Cancelling <see cref="RunAsync"/> stops the workers (a reconcile in
/// flight sees the token; its key is queued again) and leaves the queue open, so a controller that loses its
/// leadership can run again later on the same queue and caches.
/// </summary>
public sealed partial class ControllerRunner<TKey>
    where TKey : notnull
{
    private readonly WorkQueue<TKey> _queue;
    private readonly IReconciler<TKey> _reconciler;
    private readonly ControllerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ControllerRunner(
        WorkQueue<TKey> queue, IReconciler<TKey> reconciler, ControllerOptions options, ILogger<ControllerRunner<TKey>> logger,
        ControllerMetrics? metrics = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(reconciler);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Workers, 1);
        _queue = queue;
        _reconciler = reconciler;
        _options = options;
        _logger = logger;
        Metrics = metrics ?? new ControllerMetrics();
        _time = time ?? TimeProvider.System;
    }

    public ControllerMetrics Metrics { get; }

    /// <summary>The queue's depth, for the queue-depth gauge.</summary>
    public int QueueDepth => _queue.Length;

    /// <summary>Runs the workers until the token is cancelled or the queue is shut down and drained.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        LogStarting(_logger, _options.Name, _options.Workers);
        var workers = new Task[_options.Workers];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None);
        }

        await Task.WhenAll(workers);
        LogStopped(_logger, _options.Name);
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            WorkQueueItem<TKey> item;
            try
            {
                item = await _queue.GetAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (item.ShutDown)
            {
                return;
            }

            try
            {
                await ProcessAsync(item.Key, cancellationToken);
            }
            finally
            {
                _queue.Done(item.Key);
            }
        }
    }

    private async Task ProcessAsync(TKey key, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        ReconcileResult result;
        var threw = false;
        try
        {
            result = await _reconciler.ReconcileAsync(key, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped mid-reconcile: unfinished, so queued again for whoever runs this queue next.
            _queue.Add(key);
            return;
        }
#pragma warning disable CA1031 // the point of the runner: whatever a reconcile throws is a retry, never a crash
        catch (Exception e)
#pragma warning restore CA1031
        {
            threw = true;
            result = ReconcileResult.Error(e.Message);
            LogReconcileThrew(_logger, e, _options.Name, key, _queue.NumRequeues(key));
        }

        Metrics.RecordReconcile(result.Outcome, _time.GetElapsedTime(started), threw);
        switch (result.Outcome)
        {
            case ReconcileOutcome.Success:
                _queue.Forget(key);
                break;
            case ReconcileOutcome.RequeueAfter:
                _queue.Forget(key);
                _queue.AddAfter(key, result.Delay);
                break;
            case ReconcileOutcome.Requeue:
                _queue.AddRateLimited(key);
                break;
            default:
                if (!threw)
                {
                    LogReconcileFailed(_logger, _options.Name, key, result.Message ?? "(no message)", _queue.NumRequeues(key));
                }

                _queue.AddRateLimited(key);
                break;
        }
    }
}
