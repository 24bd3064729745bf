using System.Collections.Concurrent;

namespace LvsOperator.Operator.Hosting;

/// <summary>The reconciles in flight and when each began, so /healthz can tell a wedged worker from a busy one.</summary>
internal sealed class ReconcileWatch(TimeProvider time)
{
    private readonly ConcurrentDictionary<long, long> _running = new();
    private long _next;

    public long Begin()
    {
        var ticket = Interlocked.Increment(ref _next);
        _running[ticket] = time.GetTimestamp();
        return ticket;
    }

    public void End(long ticket) => _running.TryRemove(ticket, out _);

    /// <summary>How long the oldest reconcile in flight has been running; zero when none is.</summary>
    public TimeSpan Oldest()
    {
        var oldest = TimeSpan.Zero;
        foreach (var started in _running.Values)
        {
            var age = time.GetElapsedTime(started);
            if (age > oldest)
            {
                oldest = age;
            }
        }

        return oldest;
    }
}
