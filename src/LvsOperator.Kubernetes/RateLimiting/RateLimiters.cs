namespace LvsOperator.Kubernetes.RateLimiting;

/// <summary>Ready-made limiters with client-go's numbers.</summary>
public static class RateLimiters
{
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromMilliseconds(5);
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(1000);
    public const double DefaultQps = 10;
    public const int DefaultBurst = 100;

    /// <summary>
    /// client-go's DefaultControllerRateLimiter: the max of per-item exponential backoff (5 ms … 1000 s) and one
    /// token bucket of 10 qps with a burst of 100 over all items.
    /// </summary>
    public static IRateLimiter<TKey> DefaultController<TKey>(TimeProvider? time = null)
        where TKey : notnull =>
        new MaxOfRateLimiter<TKey>(
            new ExponentialBackoffRateLimiter<TKey>(DefaultBaseDelay, DefaultMaxDelay),
            new BucketRateLimiter<TKey>(DefaultQps, DefaultBurst, time));
}
