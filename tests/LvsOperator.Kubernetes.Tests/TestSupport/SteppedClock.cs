using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Kubernetes.Tests.TestSupport;

/// <summary>
/// A fake clock that knows which timers are armed and when they are due, so a test can step timer-driven code from
/// one wake-up to the next: wait until the code has parked on a timer, jump exactly to it, repeat — instead of
/// guessing with sleeps or advancing past wake-ups the code had not armed yet.
/// </summary>
public sealed class SteppedClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    // Timers further out than this (an informer's watch-silence timeout) are not wake-ups a step waits for.
    private static readonly TimeSpan Horizon = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<TrackedTimer, DateTimeOffset> _pending = [];
    private int _created;

    public int TimersCreated => Volatile.Read(ref _created);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _created);
        var tracked = new TrackedTimer(this, period);
        tracked.Inner = base.CreateTimer(
            s =>
            {
                tracked.Fired();
                callback(s);
            },
            state,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        tracked.Change(dueTime, period);
        return tracked;
    }

    /// <summary>
    /// Waits until the code under test armed a timer due within a minute (or <paramref name="done"/> holds), then
    /// advances exactly to the earliest such timer, which fires before this returns.
    /// </summary>
    public async Task StepAsync(Func<bool>? done = null)
    {
        DateTimeOffset? next = null;
        await Eventually.WaitAsync(() => (next = NextDue()) is not null || done?.Invoke() == true, "the code under test to arm its next timer");
        if (next is { } due && done?.Invoke() != true)
        {
            var wait = due - GetUtcNow();
            Advance(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        }
    }

    private DateTimeOffset? NextDue()
    {
        lock (_lock)
        {
            var limit = GetUtcNow() + Horizon;
            DateTimeOffset? earliest = null;
            foreach (var due in _pending.Values)
            {
                if (due <= limit && (earliest is null || due < earliest))
                {
                    earliest = due;
                }
            }

            return earliest;
        }
    }

    private void Arm(TrackedTimer timer, TimeSpan dueTime)
    {
        lock (_lock)
        {
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                _pending.Remove(timer);
            }
            else
            {
                _pending[timer] = GetUtcNow() + dueTime;
            }
        }
    }

    private sealed class TrackedTimer(SteppedClock clock, TimeSpan period) : ITimer
    {
        private TimeSpan _period = period;

        public ITimer Inner { get; set; } = null!;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            clock.Arm(this, dueTime);
            return Inner.Change(dueTime, period);
        }

        public void Fired() => clock.Arm(this, _period == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : _period);

        public void Dispose()
        {
            clock.Arm(this, Timeout.InfiniteTimeSpan);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            clock.Arm(this, Timeout.InfiniteTimeSpan);
            return Inner.DisposeAsync();
        }
    }
}
