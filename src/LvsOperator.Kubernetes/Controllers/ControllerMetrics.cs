namespace LvsOperator.Kubernetes.Controllers;

/// <summary>
/// A controller's counters, kept as plain numbers so the operator can print them in Prometheus text (as the agent
/// writes its /metrics by hand): reconciles by outcome, exceptions, and reconcile durations in histogram buckets.
/// Thread-safe; workers record, /metrics reads <see cref="Snapshot"/>.
/// </summary>
public sealed class ControllerMetrics
{
    /// <summary>Upper bounds of the duration buckets in seconds (Prometheus' "le"), as controller-runtime's reconcile_time_seconds.</summary>
    public static IReadOnlyList<double> DurationBuckets { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly long[] _outcomes = new long[Enum.GetValues<ReconcileOutcome>().Length];
    private readonly long[] _buckets = new long[DurationBuckets.Count];
    private readonly Lock _lock = new();
    private long _exceptions;
    private long _count;
    private double _sumSeconds;

    public void RecordReconcile(ReconcileOutcome outcome, TimeSpan duration, bool threw)
    {
        var seconds = duration.TotalSeconds;
        lock (_lock)
        {
            _outcomes[(int)outcome]++;
            if (threw)
            {
                _exceptions++;
            }

            _count++;
            _sumSeconds += seconds;
            for (var i = 0; i < _buckets.Length; i++)
            {
                if (seconds <= DurationBuckets[i])
                {
                    _buckets[i]++;
                }
            }
        }
    }

    public ControllerMetricsSnapshot Snapshot()
    {
        lock (_lock)
        {
            var outcomes = new Dictionary<ReconcileOutcome, long>();
            foreach (var outcome in Enum.GetValues<ReconcileOutcome>())
            {
                outcomes[outcome] = _outcomes[(int)outcome];
            }

            return new ControllerMetricsSnapshot(outcomes, _exceptions, [.. _buckets], _count, _sumSeconds);
        }
    }
}
