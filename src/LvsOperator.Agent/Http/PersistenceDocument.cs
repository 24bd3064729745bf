namespace LvsOperator.Agent.Http;

/// <summary>ipvsadm's "persistent TIMEOUT [mask NETMASK]".</summary>
internal sealed record PersistenceDocument(int TimeoutSeconds, string Netmask);
