namespace LvsOperator.Cli.Ipvs;

public sealed record PersistenceEntry(int TimeoutSeconds, string? Netmask);
