namespace LvsOperator.Api;

/// <summary>The schedulers the data plane implements, by their ipvsadm names.</summary>
public static class SchedulerNames
{
    public const string Maglev = "maglev";
    public const string RoundRobin = "rr";
    public const string WeightedRoundRobin = "wrr";
    public const string LeastConnection = "lc";
    public const string WeightedLeastConnection = "wlc";
    public const string SourceHash = "sh";
    public const string Default = Maglev;

    public static readonly IReadOnlyList<string> All =
        [Maglev, RoundRobin, WeightedRoundRobin, LeastConnection, WeightedLeastConnection, SourceHash];
}
