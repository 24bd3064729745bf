namespace LvsOperator.Api.AgentApi;

/// <summary>ipvsadm --rate: per-second rates over the sampler's last window, rounded like IPVS's estimator.</summary>
public readonly record struct TrafficRates(long Cps, long InPps, long OutPps, long InBps, long OutBps)
{
    public static TrafficRates Between(TrafficCounters earlier, TrafficCounters later, TimeSpan elapsed)
    {
        double seconds = elapsed.TotalSeconds;
        if (seconds <= 0)
        {
            return default;
        }

        return new TrafficRates(
            Rate(earlier.Connections, later.Connections, seconds),
            Rate(earlier.PacketsIn, later.PacketsIn, seconds),
            Rate(earlier.PacketsOut, later.PacketsOut, seconds),
            Rate(earlier.BytesIn, later.BytesIn, seconds),
            Rate(earlier.BytesOut, later.BytesOut, seconds));
    }

    // A counter that went backwards belongs to a re-created server: no rate rather than a negative one.
    private static long Rate(long earlier, long later, double seconds) =>
        later < earlier ? 0 : (long)Math.Round((later - earlier) / seconds, MidpointRounding.AwayFromZero);
}
