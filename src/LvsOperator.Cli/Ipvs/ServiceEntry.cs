namespace LvsOperator.Cli.Ipvs;

/// <summary>One virtual service as /v1/services reports it.</summary>
public sealed record ServiceEntry(
    string Protocol,
    string Vip,
    int Port,
    string? Scheduler,
    PersistenceEntry? Persistence,
    TrafficStats? Stats,
    TrafficRates? Rates,
    IReadOnlyList<RealServerEntry>? RealServers);
