namespace LvsOperator.Kubernetes.RateLimiting;

/// <summary>
/// Delays that double from <c>initial</c> up to <c>max</c>, each stretched by up to <c>jitter</c> × itself at random
/// (client-go's wait.Backoff), so many clients that lost the same server do not come back in lockstep. Not
/// thread-safe: one per retry loop.
/// </summary>
public sealed class JitteredBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly double _jitter;
    private int _attempts;

    public JitteredBackoff(TimeSpan initial, TimeSpan max, double jitter = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        ArgumentOutOfRangeException.ThrowIfNegative(jitter);
        _initial = initial;
        _max = max;
        _jitter = jitter;
    }

    /// <summary>Delays handed out since the last <see cref="Reset"/>.</summary>
    public int Attempts => _attempts;

    public TimeSpan Next()
    {
        var ticks = Math.Min(_max.Ticks, _initial.Ticks * Math.Pow(2, Math.Min(_attempts, 62)));
        _attempts++;
        var jittered = ticks * (1 + (_jitter * Random.Shared.NextDouble()));
        return TimeSpan.FromTicks((long)Math.Min(_max.Ticks, jittered));
    }

    public void Reset() => _attempts = 0;
}
