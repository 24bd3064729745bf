namespace LvsOperator.Api.AgentApi;

/// <summary>
/// One virtual service (protocol, VIP, port) and its real servers; <see cref="VirtualService"/> names its source
/// document. <see cref="MidflowPickups"/>: connections tracked from a segment that was not a SYN (after a restart or
/// a takeover; maglev and sh only).
/// <see cref="Held"/>: whether this director holds the VIP (answers ARP, forwards); false on a standby,
/// which has the service programmed and waits to take over. Always true standalone; true when an older agent left it out.
/// </summary>
public sealed record ServiceDocument(
    string Protocol,
    string Vip,
    int Port,
    string Scheduler,
    PersistenceDocument? Persistence,
    string? VirtualService,
    int ActiveConnections,
    int InactiveConnections,
    long MidflowPickups,
    TrafficCounters Stats,
    TrafficRates Rates,
    IReadOnlyList<RealServerDocument> RealServers,
    bool Held = true);
