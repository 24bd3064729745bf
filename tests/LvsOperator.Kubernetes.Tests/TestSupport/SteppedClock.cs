using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Kubernetes.Tests.TestSupport;

/// <summary>
/// A fake clock that tells when the code under test last armed a timer and for when, so a test can jump exactly to
/// the next wake-up and wait until the code has parked on its next timer — stepping a timer-driven loop event by
/// event instead of guessing with sleeps.
/// </summary>
public sealed class SteppedClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _created;
    private long _lastDueTicks;

    public int TimersCreated => Volatile.Read(ref _created);

    public DateTimeOffset LastDue => new(Interlocked.Read(ref _lastDueTicks), TimeSpan.Zero);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Interlocked.Exchange(ref _lastDueTicks, (GetUtcNow() + dueTime).UtcTicks);
        }

        Interlocked.Increment(ref _created);
        return base.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>Advances to the last armed timer's due time and waits until another timer is armed (or the bound passes).</summary>
    public async Task StepAsync(Func<bool>? done = null)
    {
        var created = TimersCreated;
        var wait = LastDue - GetUtcNow();
        Advance(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        await Eventually.WaitAsync(() => TimersCreated > created || done?.Invoke() == true, "the code under test to arm its next timer");
    }
}
