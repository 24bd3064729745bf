namespace LvsOperator.Agent.Http;

/// <summary>ipvsadm --stats columns: Conns InPkts OutPkts InBytes OutBytes.</summary>
internal sealed record StatsDocument(long Connections, long PacketsIn, long PacketsOut, long BytesIn, long BytesOut);
