namespace LvsOperator.Agent.Status;

/// <summary>Why the last reload was refused, one line per problem ("document 2 (default/web): spec.vip: ...").</summary>
internal sealed record ConfigError(DateTimeOffset At, IReadOnlyList<string> Problems);
