namespace LvsOperator.Api.AgentApi;

/// <summary>ipvsadm --stats: connections scheduled, packets and bytes each way.</summary>
public readonly record struct TrafficCounters(long Connections, long PacketsIn, long PacketsOut, long BytesIn, long BytesOut);
