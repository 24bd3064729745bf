namespace LvsOperator.Api.AgentApi;

public sealed record ConfigErrorDocument(DateTimeOffset At, IReadOnlyList<string> Problems);
