namespace LvsOperator.Api.AgentApi;

/// <summary>One real server: ipvsadm's "-> RIP:port Masq Weight ActiveConn InActConn" plus its counters and rates.</summary>
public sealed record RealServerDocument(
    string Ip,
    int Port,
    string Forward,
    int Weight,
    int ActiveConnections,
    int InactiveConnections,
    TrafficCounters Stats,
    TrafficRates Rates);
