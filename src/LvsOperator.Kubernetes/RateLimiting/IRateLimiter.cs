namespace LvsOperator.Kubernetes.RateLimiting;

/// <summary>How long an item waits before it is retried, as client-go's workqueue.TypedRateLimiter.</summary>
public interface IRateLimiter<TKey>
    where TKey : notnull
{
    /// <summary>The delay before <paramref name="item"/>'s next retry; each call counts as one more failure.</summary>
    TimeSpan When(TKey item);

    /// <summary>The item succeeded: its failures are forgotten and its next retry starts at the base delay again.</summary>
    void Forget(TKey item);

    /// <summary>How many times <see cref="When"/> was asked for the item since it was last forgotten.</summary>
    int NumRequeues(TKey item);
}
