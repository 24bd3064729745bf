namespace LvsOperator.Cli.Ipvs;

/// <summary>ipvsadm --stats columns.</summary>
public sealed record TrafficStats(long Connections, long PacketsIn, long PacketsOut, long BytesIn, long BytesOut);
