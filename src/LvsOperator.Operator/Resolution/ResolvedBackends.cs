using LvsOperator.Api;

namespace LvsOperator.Operator.Resolution;

/// <summary>The Resolved condition with the backends it stands for (none unless it is True), and the VIP conflict outcome.</summary>
internal sealed record ResolvedBackends(IReadOnlyList<BackendStatus> Backends, ConditionOutcome Condition, ConflictOutcome Conflict);
