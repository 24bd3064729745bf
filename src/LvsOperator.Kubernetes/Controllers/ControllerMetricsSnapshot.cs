namespace LvsOperator.Kubernetes.Controllers;

/// <summary>
/// Reconciles so far by outcome; how many threw (counted under Error too); cumulative duration bucket counts aligned
/// with <see cref="ControllerMetrics.DurationBuckets"/> (the +Inf bucket is <see cref="DurationCount"/>), their sum.
/// </summary>
public sealed record ControllerMetricsSnapshot(
    IReadOnlyDictionary<ReconcileOutcome, long> Reconciles,
    long Exceptions,
    IReadOnlyList<long> DurationBucketCounts,
    long DurationCount,
    double DurationSumSeconds);
