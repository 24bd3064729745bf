namespace LvsOperator.Api.AgentApi;

/// <summary>GET /v1/connections: the connection table, the data of <c>ipvsadm -L -n -c</c>.</summary>
public sealed record ConnectionListDocument(int Count, int Capacity, IReadOnlyList<ConnectionDocument> Connections);
