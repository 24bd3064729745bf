namespace LvsOperator.Cli.Ipvs;

/// <summary>The agent's GET /v1/connections.</summary>
public sealed record ConnectionList(int Count, int Capacity, IReadOnlyList<ConnectionEntry>? Connections);
