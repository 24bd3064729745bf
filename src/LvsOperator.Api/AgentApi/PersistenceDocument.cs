namespace LvsOperator.Api.AgentApi;

/// <summary>ipvsadm's "persistent TIMEOUT [mask NETMASK]".</summary>
public sealed record PersistenceDocument(int TimeoutSeconds, string Netmask);
