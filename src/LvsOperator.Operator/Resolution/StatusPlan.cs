using LvsOperator.Api;

namespace LvsOperator.Operator.Resolution;

/// <summary>
/// The operator's part of one VirtualService's status, as it should be: what <see cref="StatusPlanner"/> computes and
/// <see cref="StatusApplier"/> writes. <see cref="StaleDirectors"/> are the director entries to remove (their agents
/// are gone); every other director entry is the agents' and is left as it is.
/// </summary>
internal sealed record StatusPlan(
    long? ObservedGeneration,
    IReadOnlyList<BackendStatus> Backends,
    string BackendsRevision,
    string? ActiveDirector,
    IReadOnlyList<ConditionOutcome> Conditions,
    IReadOnlyList<string> StaleDirectors);
