namespace LvsOperator.Kubernetes.Events;

public sealed record EventRecorderOptions
{
    /// <summary>Who reports (source.component and reportingComponent), e.g. "lvs-operator" or "lvs-agent".</summary>
    public required string ReportingController { get; init; }

    /// <summary>Which instance reports (source.host and reportingInstance): the pod or node name.</summary>
    public required string ReportingInstance { get; init; }

    /// <summary>A repeat of the same event within this window bumps the existing Event's count instead of creating one.</summary>
    public TimeSpan AggregationWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How many distinct events are remembered for aggregation; the oldest are forgotten first.</summary>
    public int MaxTracked { get; init; } = 4096;
}
