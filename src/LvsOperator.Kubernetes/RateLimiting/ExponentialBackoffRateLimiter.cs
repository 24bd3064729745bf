namespace LvsOperator.Kubernetes.RateLimiting;

/// <summary>
/// Per-item exponential backoff: base × 2^failures, capped at max (client-go's ItemExponentialFailureRateLimiter;
/// its controller default is 5 ms … 1000 s). Items that keep failing settle at the cap instead of spinning.
/// </summary>
public sealed class ExponentialBackoffRateLimiter<TKey> : IRateLimiter<TKey>
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;

    public ExponentialBackoffRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
    }

    public TimeSpan When(TKey item)
    {
        int exponent;
        lock (_lock)
        {
            exponent = _failures.GetValueOrDefault(item);
            _failures[item] = exponent + 1;
        }

        // Computed in doubles: 2^exponent overflows long ticks long before the cap would be reached in integer math.
        var ticks = _baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= _maxDelay.Ticks ? _maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public void Forget(TKey item)
    {
        lock (_lock)
        {
            _failures.Remove(item);
        }
    }

    public int NumRequeues(TKey item)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(item);
        }
    }
}
