using System.Collections.Concurrent;
using LvsOperator.Kubernetes.Queues;
using LvsOperator.Kubernetes.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Kubernetes.Tests.Queues;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Adds_of_one_key_before_it_is_taken_collapse_into_one_item()
    {
        using var queue = new WorkQueue<string>();
        for (var i = 0; i < 5; i++)
        {
            queue.Add("a");
        }

        queue.Add("b");
        queue.Add("a");

        Assert.Equal(2, queue.Length);
        Assert.Equal("a", (await queue.GetAsync()).Key);
        Assert.Equal("b", (await queue.GetAsync()).Key);
        Assert.Equal(0, queue.Length);
        Assert.Equal(7, queue.AddsTotal);
    }

    [Fact]
    public async Task A_key_added_while_it_is_processed_is_handed_out_again_only_after_Done()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        var first = await queue.GetAsync();

        queue.Add("a");
        queue.Add("a");
        var second = queue.GetAsync();

        Assert.Equal(0, queue.Length);
        Assert.False(second.IsCompleted);
        queue.Done(first.Key);
        Assert.Equal("a", (await second.WaitAsync(Bound)).Key);
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public async Task One_key_is_never_processed_by_two_workers_at_once_and_no_add_is_lost()
    {
        using var queue = new WorkQueue<int>();
        var inFlight = new ConcurrentDictionary<int, int>();
        var lastAdd = new long[4];
        var lastStart = new long[4];
        long clock = 0;
        var overlaps = 0;

        async Task WorkerAsync()
        {
            while (true)
            {
                var item = await queue.GetAsync();
                if (item.ShutDown)
                {
                    return;
                }

                if (!inFlight.TryAdd(item.Key, 0))
                {
                    Interlocked.Increment(ref overlaps);
                }

                Interlocked.Exchange(ref lastStart[item.Key], Interlocked.Increment(ref clock));
                await Task.Yield();
                inFlight.TryRemove(item.Key, out _);
                queue.Done(item.Key);
            }
        }

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(WorkerAsync)).ToArray();
        var random = new Random(42);
        for (var i = 0; i < 5000; i++)
        {
            var key = random.Next(4);
            Interlocked.Exchange(ref lastAdd[key], Interlocked.Increment(ref clock));
            queue.Add(key);
            if (i % 100 == 0)
            {
                await Task.Yield();
            }
        }

        await queue.ShutDownWithDrainAsync().WaitAsync(Bound);
        await Task.WhenAll(workers).WaitAsync(Bound);

        Assert.Equal(0, overlaps);
        for (var key = 0; key < 4; key++)
        {
            // Every key was processed once more after its last add: nothing added was dropped by the collapsing.
            Assert.True(lastStart[key] > lastAdd[key], $"key {key}: last processing started at {lastStart[key]}, last add at {lastAdd[key]}");
        }
    }

    [Fact]
    public async Task ShutDown_ignores_new_adds_and_workers_drain_what_is_queued()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.Add("b");

        queue.ShutDown();
        queue.Add("c");

        Assert.Equal(new WorkQueueItem<string>("a", false), await queue.GetAsync());
        Assert.Equal(new WorkQueueItem<string>("b", false), await queue.GetAsync());
        Assert.True((await queue.GetAsync()).ShutDown);
    }

    [Fact]
    public async Task A_worker_waiting_for_a_key_is_told_of_the_shutdown()
    {
        using var queue = new WorkQueue<string>();
        var waiting = queue.GetAsync();

        queue.ShutDown();

        Assert.True((await waiting.WaitAsync(Bound)).ShutDown);
    }

    [Fact]
    public async Task ShutDownWithDrain_waits_until_every_key_handed_out_is_done()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        var item = await queue.GetAsync();

        var drained = queue.ShutDownWithDrainAsync();
        Assert.False(drained.IsCompleted);
        queue.Done(item.Key);

        await drained.WaitAsync(Bound);
        Assert.Equal(0, queue.Processing);
    }

    [Fact]
    public async Task Cancelling_a_wait_takes_no_key()
    {
        using var queue = new WorkQueue<string>();
        using var cts = new CancellationTokenSource();
        var abandoned = queue.GetAsync(cts.Token);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(Bound));
        queue.Add("a");

        Assert.Equal(1, queue.Length);
        Assert.Equal("a", (await queue.GetAsync()).Key);
    }

    [Fact]
    public void AddAfter_hands_the_key_out_only_once_its_delay_has_passed()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(time: time);

        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        Assert.Equal((0, 1), (queue.Length, queue.Delayed));
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, queue.Length);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal((1, 0), (queue.Length, queue.Delayed));
    }

    [Fact]
    public async Task A_key_delayed_twice_keeps_the_earlier_time_and_comes_once()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(time: time);

        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((1, 0), (queue.Length, queue.Delayed));
        queue.Done((await queue.GetAsync()).Key);
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public async Task AddRateLimited_backs_off_exponentially_per_key_and_Forget_starts_over()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(new ExponentialBackoffRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)), time);

        foreach (var expected in new[] { 5, 10, 20, 40 })
        {
            queue.AddRateLimited("a");
            time.Advance(TimeSpan.FromMilliseconds(expected - 1));
            Assert.Equal(0, queue.Length);
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(1, queue.Length);
            queue.Done((await queue.GetAsync()).Key);
        }

        Assert.Equal(4, queue.NumRequeues("a"));
        queue.Forget("a");
        Assert.Equal(0, queue.NumRequeues("a"));
        queue.AddRateLimited("a");
        time.Advance(TimeSpan.FromMilliseconds(5));

        Assert.Equal(1, queue.Length);
        Assert.Equal(5, queue.RetriesTotal);
    }
}
