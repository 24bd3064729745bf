namespace LvsOperator.Cli.Ipvs;

public sealed record RealServerEntry(
    string Ip,
    int Port,
    string? Forward,
    int Weight,
    int ActiveConnections,
    int InactiveConnections,
    TrafficStats? Stats,
    TrafficRates? Rates);
