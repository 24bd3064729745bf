namespace LvsOperator.Cli.Ipvs;

/// <summary>The part of the agent's GET /v1/services that lvsctl shows; unknown fields are ignored.</summary>
public sealed record ServiceList(string? Version, int ConnectionTableSize, IReadOnlyList<ServiceEntry>? Services);
