using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Agent.Dataplane;

/// <summary>The forwarder loop's counters at one moment, for /metrics.</summary>
internal sealed record DataplaneStatistics(
    long Forwarded,
    long Replied,
    long Ignored,
    long GsoFrames,
    long HeldForNeighbour,
    IReadOnlyDictionary<DropReason, long> Drops,
    IReadOnlyList<InterfaceStatistics> Interfaces)
{
    public static DataplaneStatistics Empty { get; } = new(0, 0, 0, 0, 0, new Dictionary<DropReason, long>(), []);
}
