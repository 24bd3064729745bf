namespace LvsOperator.Api.AgentApi;

/// <summary>One NAT connection. Endpoints are "ip:port"; state is the IPVS TCP state name, or UDP/ICMP.</summary>
public sealed record ConnectionDocument(
    string Protocol,
    string Client,
    string Virtual,
    string Real,
    string State,
    int ExpiresInSeconds,
    long PacketsIn,
    long PacketsOut,
    long BytesIn,
    long BytesOut);
