namespace LvsOperator.Cli.Ipvs;

/// <summary>ipvsadm --rate columns.</summary>
public sealed record TrafficRates(long Cps, long InPps, long OutPps, long InBps, long OutBps);
