namespace LvsOperator.Agent.Http;

/// <summary>ipvsadm --rate columns: CPS InPPS OutPPS InBPS OutBPS (per second, over the last 2-second window).</summary>
internal sealed record RatesDocument(long Cps, long InPps, long OutPps, long InBps, long OutBps);
