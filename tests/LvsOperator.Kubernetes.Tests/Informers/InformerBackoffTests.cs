using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Informers;
using LvsOperator.Kubernetes.Tests.TestSupport;
using Xunit.Abstractions;

namespace LvsOperator.Kubernetes.Tests.Informers;

/// <summary>How an informer paces its retries, on a fake clock with a scripted reader.</summary>
public sealed class InformerBackoffTests(ITestOutputHelper output)
{
    private readonly SteppedClock _time = new(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_failing_list_is_retried_after_doubling_jittered_delays_until_it_succeeds()
    {
        var attempts = new List<DateTimeOffset>();
        var reader = new ScriptedReader(list: () =>
        {
            attempts.Add(_time.GetUtcNow());
            return attempts.Count <= 4 ? throw new HttpRequestException("connection refused") : Listed();
        });
        var informer = Informer(reader);
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);

        while (!informer.HasSynced)
        {
            await _time.StepAsync(() => informer.HasSynced);
        }

        await informer.WaitForSyncAsync(stop.Token).WaitAsync(Eventually.Bound);
        for (var i = 1; i < attempts.Count; i++)
        {
            var nominal = TimeSpan.FromMilliseconds(200 * Math.Pow(2, i - 1));
            Assert.InRange(attempts[i] - attempts[i - 1], nominal, nominal * 1.5);
        }

        await stop.CancelAsync();
        await running.WaitAsync(Eventually.Bound);
    }

    [Fact]
    public async Task Watches_that_fail_at_once_back_off_and_a_healthy_watch_resets_the_backoff()
    {
        var starts = new List<DateTimeOffset>();
        var reader = new ScriptedReader(list: Listed, watch: n =>
        {
            lock (starts)
            {
                starts.Add(_time.GetUtcNow());
            }

            // Watches 1-3 fail at once; watch 4 delivers an event and then ends; watch 5 fails again.
            return n is 4 ? WatchEvents.One : WatchEvents.Fail;
        });
        var informer = Informer(reader);
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(stop.Token).WaitAsync(Eventually.Bound);

        while (Count(starts) < 6)
        {
            await _time.StepAsync(() => Count(starts) >= 6);
        }

        DateTimeOffset[] s;
        lock (starts)
        {
            s = [.. starts];
        }

        Assert.InRange(s[1] - s[0], TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300));
        Assert.InRange(s[2] - s[1], TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(600));
        Assert.InRange(s[3] - s[2], TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(1200));

        // Watch 4 was healthy: watch 5 follows at once, and its failure waits the first delay again.
        Assert.Equal(TimeSpan.Zero, s[4] - s[3]);
        Assert.InRange(s[5] - s[4], TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, informer.Lists);
        await stop.CancelAsync();
        await running.WaitAsync(Eventually.Bound);
    }

    private static int Count(List<DateTimeOffset> starts)
    {
        lock (starts)
        {
            return starts.Count;
        }
    }

    private static ResourceList<VirtualService> Listed() => new([TestObjects.VirtualService("ns", "a")], "10", null);

    private ResourceInformer<VirtualService> Informer(IResourceReader<VirtualService> reader) =>
        new(reader, new ResourceInformerOptions(), TestLog.For<ResourceInformer<VirtualService>>(output), _time);

    private enum WatchEvents
    {
        Fail,
        One,
    }

    private sealed class ScriptedReader(Func<ResourceList<VirtualService>> list, Func<int, WatchEvents>? watch = null) : IResourceReader<VirtualService>
    {
        private int _watches;

        public bool Namespaced => true;

        public Task<ResourceList<VirtualService>> ListAsync(ResourceSelector selector, int? limit, string? continueToken, CancellationToken cancellationToken) =>
            Task.FromResult(list());

        public Task<VirtualService?> GetAsync(string? namespaceName, string name, CancellationToken cancellationToken) =>
            Task.FromResult<VirtualService?>(null);

        public async IAsyncEnumerable<(WatchEventType Type, VirtualService Object)> WatchAsync(
            ResourceSelector selector, string resourceVersion, int timeoutSeconds, Action<Exception> onError,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var script = watch?.Invoke(Interlocked.Increment(ref _watches)) ?? WatchEvents.Fail;
            await Task.Yield();
            if (script == WatchEvents.Fail)
            {
                throw new HttpRequestException("connection reset");
            }

            var changed = TestObjects.VirtualService("ns", "a");
            changed.Metadata.ResourceVersion = "11";
            yield return (WatchEventType.Modified, changed);
        }
    }
}
