using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Services;

namespace LvsOperator.Agent.Dataplane;

/// <summary>
/// The forwarding engine the agent drives. Production is <see cref="RawSocketDataplane"/> (packet sockets, the
/// Director on its forwarder thread, the nftables guard); tests register a fake so the host runs without raw sockets.
/// </summary>
internal interface IDataplane : IAsyncDisposable
{
    /// <summary>Read from any thread (snapshots and counters); change it only through <see cref="InvokeAsync{T}"/>.</summary>
    ServiceTable Services { get; }

    /// <summary>
    /// <see cref="ConnectionTable.Count"/> and Capacity may be read and a listing opened (<see cref="ConnectionTable.OpenSnapshot"/>)
    /// anywhere; anything else, each step of a listing included, through <see cref="InvokeAsync{T}"/>.
    /// </summary>
    ConnectionTable Connections { get; }

    /// <summary>Whether the forwarder thread is running (what /healthz reports).</summary>
    bool IsRunning { get; }

    /// <summary>Opens the packet I/O and starts forwarding. Throws when the director cannot forward at all.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops forwarding and removes what was installed in the kernel (the guard table).</summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="action"/> on the forwarder thread between batches, where the tables may be changed.</summary>
    Task<T> InvokeAsync<T>(Func<T> action);

    /// <summary>Replaces the kernel guard (one nftables table) so it drops exactly the traffic the forwarder handles.</summary>
    Task InstallGuardAsync(GuardRules rules, CancellationToken cancellationToken);

    /// <summary>Gratuitous ARP for VIPs this director has just started to own.</summary>
    void AnnounceVips(IReadOnlyCollection<uint> vips);

    DataplaneStatistics ReadStatistics();
}
