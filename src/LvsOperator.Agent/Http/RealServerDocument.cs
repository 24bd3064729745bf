using LvsOperator.Agent.Metrics;

namespace LvsOperator.Agent.Http;

/// <summary>One real server: ipvsadm's "-> RIP:port Masq Weight ActiveConn InActConn" plus its counters and rates.</summary>
internal sealed record RealServerDocument(
    string Ip,
    int Port,
    string Forward,
    int Weight,
    int ActiveConnections,
    int InactiveConnections,
    TrafficCounters Stats,
    TrafficRates Rates);
