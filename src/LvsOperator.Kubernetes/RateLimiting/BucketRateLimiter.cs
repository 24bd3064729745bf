namespace LvsOperator.Kubernetes.RateLimiting;

/// <summary>
/// One token bucket for all items (client-go's BucketRateLimiter over golang.org/x/time/rate; controller default
/// 10 qps, burst 100): each retry reserves a token and waits until it is due, so a storm of failures is spread out
/// instead of hammering the API server. Tokens may go negative: the reservation is what keeps later callers behind
/// earlier ones.
/// </summary>
public sealed class BucketRateLimiter<TKey> : IRateLimiter<TKey>
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly double _qps;
    private readonly double _burst;
    private double _tokens;
    private long _last;

    public BucketRateLimiter(double qps, int burst, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(qps, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        _time = time ?? TimeProvider.System;
        _qps = qps;
        _burst = burst;
        _tokens = burst;
        _last = _time.GetTimestamp();
    }

    public TimeSpan When(TKey item)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * _qps));
            _last = now;
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _qps);
        }
    }

    public void Forget(TKey item)
    {
    }

    public int NumRequeues(TKey item) => 0;
}
