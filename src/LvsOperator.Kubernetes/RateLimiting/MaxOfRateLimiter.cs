namespace LvsOperator.Kubernetes.RateLimiting;

/// <summary>The longest delay any of its limiters asks for (client-go's MaxOfRateLimiter); every limiter counts each call.</summary>
public sealed class MaxOfRateLimiter<TKey> : IRateLimiter<TKey>
    where TKey : notnull
{
    private readonly IRateLimiter<TKey>[] _limiters;

    public MaxOfRateLimiter(params IRateLimiter<TKey>[] limiters)
    {
        ArgumentNullException.ThrowIfNull(limiters);
        ArgumentOutOfRangeException.ThrowIfZero(limiters.Length);
        _limiters = [.. limiters];
    }

    public TimeSpan When(TKey item)
    {
        var longest = TimeSpan.Zero;
        foreach (var limiter in _limiters)
        {
            var delay = limiter.When(item);
            if (delay > longest)
            {
                longest = delay;
            }
        }

        return longest;
    }

    public void Forget(TKey item)
    {
        foreach (var limiter in _limiters)
        {
            limiter.Forget(item);
        }
    }

    public int NumRequeues(TKey item)
    {
        var most = 0;
        foreach (var limiter in _limiters)
        {
            most = Math.Max(most, limiter.NumRequeues(item));
        }

        return most;
    }
}
