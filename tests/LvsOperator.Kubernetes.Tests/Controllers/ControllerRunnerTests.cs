using System.Collections.Concurrent;
using LvsOperator.Kubernetes.Controllers;
using LvsOperator.Kubernetes.Queues;
using LvsOperator.Kubernetes.RateLimiting;
using LvsOperator.Kubernetes.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace LvsOperator.Kubernetes.Tests.Controllers;

public sealed class ControllerRunnerTests(ITestOutputHelper output)
{
    private int _badCalls;

    [Fact]
    public async Task A_reconcile_that_throws_is_counted_and_retried_with_backoff_and_the_runner_keeps_going()
    {
        using var queue = new WorkQueue<string>(new ExponentialBackoffRateLimiter<string>(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(20)));
        var reconciler = new ScriptedReconciler(key => key == "bad" && Interlocked.Increment(ref _badCalls) <= 3
            ? throw new InvalidOperationException("boom")
            : ReconcileResult.Success);
        var runner = Runner(queue, reconciler, workers: 2);
        using var stop = new CancellationTokenSource();
        var running = runner.RunAsync(stop.Token);

        queue.Add("bad");
        queue.Add("good");
        await Eventually.WaitAsync(() => reconciler.Calls("bad") == 4 && reconciler.Calls("good") == 1, "bad retried until it succeeds");
        await Eventually.WaitAsync(() => queue.NumRequeues("bad") == 0, "its backoff forgotten after the success");
        await stop.CancelAsync();
        await running.WaitAsync(Eventually.Bound);

        var metrics = runner.Metrics.Snapshot();
        Assert.Equal(3, metrics.Exceptions);
        Assert.Equal(3, metrics.Reconciles[ReconcileOutcome.Error]);
        Assert.Equal(2, metrics.Reconciles[ReconcileOutcome.Success]);
        Assert.Equal(5, metrics.DurationCount);
        Assert.Equal(5, metrics.DurationBucketCounts[^1]);
    }

    [Fact]
    public async Task RequeueAfter_comes_back_after_its_delay_and_Error_results_retry_rate_limited()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(new ExponentialBackoffRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)), time);
        var reconciler = new ScriptedReconciler(key => key == "poll" ? ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(30)) : ReconcileResult.Error("not yet"));
        var runner = Runner(queue, reconciler, workers: 1, time);
        using var stop = new CancellationTokenSource();
        var running = runner.RunAsync(stop.Token);

        queue.Add("poll");
        queue.Add("fail");
        await Eventually.WaitAsync(() => queue.Delayed == 2 && queue.Processing == 0, "both keys waiting for their delays");
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.WaitAsync(() => reconciler.Calls("fail") == 2, "the failed key retried after 1 s");
        await Eventually.WaitAsync(() => queue.Processing == 0 && queue.Delayed == 2, "the failed key backing off again");
        time.Advance(TimeSpan.FromSeconds(29));

        await Eventually.WaitAsync(() => reconciler.Calls("poll") == 2, "the polled key back after 30 s");
        Assert.Equal(0, queue.NumRequeues("poll"));
        Assert.True(queue.NumRequeues("fail") >= 2);
        await stop.CancelAsync();
        await running.WaitAsync(Eventually.Bound);
    }

    [Fact]
    public async Task Workers_never_reconcile_one_key_twice_at_once()
    {
        using var queue = new WorkQueue<int>();
        var inFlight = new ConcurrentDictionary<int, byte>();
        var overlaps = 0;
        var calls = 0;
        var reconciler = new DelegateReconciler<int>(async (key, ct) =>
        {
            if (!inFlight.TryAdd(key, 0))
            {
                Interlocked.Increment(ref overlaps);
            }

            Interlocked.Increment(ref calls);
            await Task.Delay(1, ct);
            inFlight.TryRemove(key, out _);
            return ReconcileResult.Success;
        });
        var runner = new ControllerRunner<int>(queue, reconciler, new ControllerOptions { Name = "test", Workers = 4 }, TestLog.For<ControllerRunner<int>>(output));
        using var stop = new CancellationTokenSource();
        var running = runner.RunAsync(stop.Token);

        for (var i = 0; i < 2000; i++)
        {
            queue.Add(i % 3);
            if (i % 50 == 0)
            {
                await Task.Delay(1);
            }
        }

        await Eventually.WaitAsync(() => queue.Length == 0 && queue.Processing == 0, "the queue drained");
        await stop.CancelAsync();
        await running.WaitAsync(Eventually.Bound);

        Assert.Equal(0, overlaps);
        Assert.InRange(calls, 3, 2000);
    }

    [Fact]
    public async Task Stopping_the_runner_cancels_the_reconcile_in_flight_and_queues_its_key_again()
    {
        using var queue = new WorkQueue<string>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconciler = new DelegateReconciler<string>(async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return ReconcileResult.Success;
        });
        var runner = new ControllerRunner<string>(queue, reconciler, new ControllerOptions { Name = "test" }, TestLog.For<ControllerRunner<string>>(output));
        using var stop = new CancellationTokenSource();
        var running = runner.RunAsync(stop.Token);
        queue.Add("slow");
        await started.Task.WaitAsync(Eventually.Bound);

        await stop.CancelAsync();
        await running.WaitAsync(Eventually.Bound);

        Assert.Equal(1, queue.Length);
        Assert.Equal(0, queue.Processing);
        Assert.False(queue.IsShuttingDown);
    }

    private ControllerRunner<string> Runner(WorkQueue<string> queue, IReconciler<string> reconciler, int workers, TimeProvider? time = null) =>
        new(queue, reconciler, new ControllerOptions { Name = "test", Workers = workers }, TestLog.For<ControllerRunner<string>>(output), time: time);

    private sealed class ScriptedReconciler(Func<string, ReconcileResult> script) : IReconciler<string>
    {
        private readonly ConcurrentDictionary<string, int> _calls = new();

        public int Calls(string key) => _calls.GetValueOrDefault(key);

        public Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
        {
            _calls.AddOrUpdate(key, 1, (_, n) => n + 1);
            return Task.FromResult(script(key));
        }
    }

    private sealed class DelegateReconciler<TKey>(Func<TKey, CancellationToken, Task<ReconcileResult>> reconcile) : IReconciler<TKey>
        where TKey : notnull
    {
        public Task<ReconcileResult> ReconcileAsync(TKey key, CancellationToken cancellationToken) => reconcile(key, cancellationToken);
    }
}
