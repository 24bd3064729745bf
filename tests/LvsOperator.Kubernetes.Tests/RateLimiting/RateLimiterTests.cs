using LvsOperator.Kubernetes.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Kubernetes.Tests.RateLimiting;

public sealed class RateLimiterTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void Exponential_backoff_doubles_per_failure_per_item_up_to_the_cap()
    {
        var limiter = new ExponentialBackoffRateLimiter<string>(5 * Ms, TimeSpan.FromSeconds(1000));

        var delays = Enumerable.Range(0, 5).Select(_ => limiter.When("a")).ToArray();
        var other = limiter.When("b");
        for (var i = 5; i < 40; i++)
        {
            limiter.When("a");
        }

        Assert.Equal([5 * Ms, 10 * Ms, 20 * Ms, 40 * Ms, 80 * Ms], delays);
        Assert.Equal(5 * Ms, other);
        Assert.Equal(TimeSpan.FromSeconds(1000), limiter.When("a"));
        Assert.Equal(41, limiter.NumRequeues("a"));
    }

    [Fact]
    public void Forget_resets_an_items_backoff()
    {
        var limiter = new ExponentialBackoffRateLimiter<string>(5 * Ms, TimeSpan.FromSeconds(1000));
        limiter.When("a");
        limiter.When("a");

        limiter.Forget("a");

        Assert.Equal(0, limiter.NumRequeues("a"));
        Assert.Equal(5 * Ms, limiter.When("a"));
    }

    [Fact]
    public void The_bucket_lets_a_burst_through_then_spaces_calls_at_its_rate_and_refills_with_time()
    {
        var time = new FakeTimeProvider();
        var bucket = new BucketRateLimiter<string>(qps: 10, burst: 100, time);

        var burst = Enumerable.Range(0, 100).Select(i => bucket.When($"item-{i}")).ToArray();
        var beyond = new[] { bucket.When("x"), bucket.When("y") };
        time.Advance(TimeSpan.FromSeconds(1));
        var afterRefill = bucket.When("z");

        Assert.All(burst, d => Assert.Equal(TimeSpan.Zero, d));
        Assert.Equal([100 * Ms, 200 * Ms], beyond);

        // One second refilled 10 tokens; 2 were owed, so 8 are there and the next call goes through.
        Assert.Equal(TimeSpan.Zero, afterRefill);
    }

    [Fact]
    public void The_default_controller_limiter_is_the_max_of_item_backoff_and_the_global_bucket()
    {
        var time = new FakeTimeProvider();
        var limiter = RateLimiters.DefaultController<string>(time);

        var firstFailures = Enumerable.Range(0, 100).Select(i => limiter.When($"item-{i}")).ToArray();
        var overBurst = limiter.When("one-more");
        time.Advance(TimeSpan.FromSeconds(100));
        TimeSpan persistent = TimeSpan.Zero;
        for (var i = 0; i < 20; i++)
        {
            persistent = limiter.When("broken");
        }

        // Within the burst the per-item backoff (5 ms) decides; past it the bucket's wait (100 ms at 10 qps) does;
        // an item failing again and again reaches the 1000 s cap however full the bucket is.
        Assert.All(firstFailures, d => Assert.Equal(5 * Ms, d));
        Assert.Equal(100 * Ms, overBurst);
        Assert.Equal(TimeSpan.FromSeconds(1000), persistent);
        Assert.Equal(20, limiter.NumRequeues("broken"));
        limiter.Forget("broken");
        Assert.Equal(0, limiter.NumRequeues("broken"));
    }

    [Fact]
    public void Jittered_backoff_doubles_stays_within_its_jitter_and_cap_and_resets()
    {
        var backoff = new JitteredBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), jitter: 0.5);

        var delays = Enumerable.Range(0, 12).Select(_ => backoff.Next()).ToArray();
        backoff.Reset();

        for (var i = 0; i < 7; i++)
        {
            var nominal = TimeSpan.FromMilliseconds(200 * Math.Pow(2, i));
            Assert.InRange(delays[i], nominal, nominal * 1.5);
        }

        Assert.All(delays, d => Assert.True(d <= TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(30), delays[^1]);
        Assert.InRange(backoff.Next(), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300));
    }
}
