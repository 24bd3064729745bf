namespace LvsOperator.Dataplane.Routing;

public sealed class NextHopResolverOptions
{
    /// <summary>How often every cached next hop is looked up again (routes, neighbour MACs, interface MTU and MAC).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often an unresolved neighbour is checked again while the kernel's ARP runs.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long to wait for a neighbour before giving up (the kernel's own ARP gives up after ~3 s).</summary>
    public TimeSpan ResolveTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a destination that failed (no route, no neighbour) is left alone before a new packet retries it.</summary>
    public TimeSpan NegativeTtl { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A cached destination nobody sent to for this long is forgotten, so the cache (one entry per client and real
    /// server) and the refresh work follow the active destinations, not every address ever seen.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Most destinations waiting for resolution at once; beyond it a miss is dropped without queueing (flood guard).</summary>
    public int MaxPending { get; set; } = 4096;

    /// <summary>
    /// Warnings about destinations (no route, neighbour unresolved, route gone) are logged one by one only for the first
    /// of each kind in this interval; the rest are counted and logged as one line when it has passed (flood guard).
    /// </summary>
    public TimeSpan WarningInterval { get; set; } = TimeSpan.FromSeconds(10);
}
