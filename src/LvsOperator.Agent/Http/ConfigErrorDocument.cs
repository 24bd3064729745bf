namespace LvsOperator.Agent.Http;

internal sealed record ConfigErrorDocument(DateTimeOffset At, IReadOnlyList<string> Problems);
