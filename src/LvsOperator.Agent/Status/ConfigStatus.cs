using LvsOperator.Agent.Config;

namespace LvsOperator.Agent.Status;

/// <summary>
/// The configuration in force (<see cref="Applied"/>, null until the first good file) and the last problem, which
/// stays visible until a later file applies cleanly. <see cref="ClusterSynced"/> is null in standalone mode.
/// </summary>
internal sealed record ConfigStatus(
    long Generation,
    DesiredConfiguration? Applied,
    DateTimeOffset? AppliedAt,
    ConfigError? LastError,
    bool GuardInstalled,
    string? GuardError,
    bool? ClusterSynced = null)
{
    public static ConfigStatus Initial { get; } = new(0, null, null, null, false, null);
}
