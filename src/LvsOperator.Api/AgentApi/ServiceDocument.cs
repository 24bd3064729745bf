namespace LvsOperator.Api.AgentApi;

/// <summary>One virtual service (protocol, VIP, port) and its real servers; <see cref="VirtualService"/> names its source document.</summary>
public sealed record ServiceDocument(
    string Protocol,
    string Vip,
    int Port,
    string Scheduler,
    PersistenceDocument? Persistence,
    string? VirtualService,
    int ActiveConnections,
    int InactiveConnections,
    TrafficCounters Stats,
    TrafficRates Rates,
    IReadOnlyList<RealServerDocument> RealServers);
