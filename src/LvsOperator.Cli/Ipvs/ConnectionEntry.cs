namespace LvsOperator.Cli.Ipvs;

/// <summary>One NAT connection; endpoints are "ip:port".</summary>
public sealed record ConnectionEntry(string Protocol, string Client, string Virtual, string Real, string State, int ExpiresInSeconds);
