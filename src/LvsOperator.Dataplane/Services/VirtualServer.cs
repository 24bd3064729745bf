using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;

namespace LvsOperator.Dataplane.Services;

/// <summary>
/// A virtual service on this director: its key, scheduler, real servers and persistence. Owned by the forwarder thread
/// (see ConnectionTable); other threads may read <see cref="RealServers"/> (an array replaced, never edited, on change)
/// and the counters, racily but atomically.
/// </summary>
public sealed class VirtualServer
{
    private RealServer[] _realServers = [];
    private long _retiredConnections;
    private long _retiredPacketsIn;
    private long _retiredPacketsOut;
    private long _retiredBytesIn;
    private long _retiredBytesOut;
    private long _midflowPickups;

    internal VirtualServer(VirtualServiceKey key, IScheduler scheduler)
    {
        Key = key;
        Scheduler = scheduler;
    }

    public VirtualServiceKey Key { get; }

    public IScheduler Scheduler { get; internal set; }

    /// <summary>Whether this director acts for the service's VIP (see <see cref="ServiceTable.SetOwnedVips"/>).</summary>
    public bool IsOwned { get; internal set; } = true;

    public PersistenceSpec? PersistenceSpec { get; internal set; }

    /// <summary>The live persistence templates, null without persistence.</summary>
    public PersistenceTable? Persistence { get; internal set; }

    public IReadOnlyList<RealServer> RealServers => Volatile.Read(ref _realServers);

    // Per-service totals are the live servers' counters plus what removed servers had counted, so the packet path
    // updates only the RealServer.
    public long Connections => Sum(_retiredConnections, static s => s.Connections);

    public long PacketsIn => Sum(_retiredPacketsIn, static s => s.PacketsIn);

    public long PacketsOut => Sum(_retiredPacketsOut, static s => s.PacketsOut);

    public long BytesIn => Sum(_retiredBytesIn, static s => s.BytesIn);

    public long BytesOut => Sum(_retiredBytesOut, static s => s.BytesOut);

    public int ActiveConnections => (int)Sum(0, static s => s.ActiveConnections);

    public int InactiveConnections => (int)Sum(0, static s => s.InactiveConnections);

    /// <summary>
    /// Connections picked up mid-flow: tracked from a TCP segment that was not a SYN (the table had lost them to a
    /// restart, or another director saw their start). Only consistent-hash schedulers pick up (see
    /// <see cref="IScheduler.PicksUpMidFlow"/>).
    /// </summary>
    public long MidflowPickups => Volatile.Read(ref _midflowPickups);

    /// <summary>
    /// Picks the real server for a new connection (hot path, no allocation), honouring persistence. Hand
    /// <paramref name="persistence"/> and <paramref name="template"/> to <see cref="ConnectionTable.TryAdd"/>.
    /// </summary>
    public RealServer? Schedule(in FlowKey clientFlow, out PersistenceTable? persistence, out int template)
    {
        persistence = Persistence;
        if (persistence is null)
        {
            template = -1;
            return Scheduler.Schedule(clientFlow);
        }

        return persistence.Schedule(Scheduler, clientFlow, out template);
    }

    /// <summary>
    /// The server <see cref="Schedule"/> would pick, changing nothing: no persistence template is made. Only for a
    /// scheduler that <see cref="IScheduler.PicksUpMidFlow"/>, whose choice has no side effect either.
    /// </summary>
    public RealServer? Peek(in FlowKey clientFlow) =>
        Persistence is { } persistence ? persistence.Peek(Scheduler, clientFlow) : Scheduler.Schedule(clientFlow);

    public override string ToString() => Key.ToString();

    // Forwarder thread only, like the RealServer counters.
    internal void CountMidflowPickup() => Volatile.Write(ref _midflowPickups, _midflowPickups + 1);

    internal void SetRealServers(RealServer[] servers) => Volatile.Write(ref _realServers, servers);

    internal void Retire(RealServer server)
    {
        Volatile.Write(ref _retiredConnections, _retiredConnections + server.Connections);
        Volatile.Write(ref _retiredPacketsIn, _retiredPacketsIn + server.PacketsIn);
        Volatile.Write(ref _retiredPacketsOut, _retiredPacketsOut + server.PacketsOut);
        Volatile.Write(ref _retiredBytesIn, _retiredBytesIn + server.BytesIn);
        Volatile.Write(ref _retiredBytesOut, _retiredBytesOut + server.BytesOut);
    }

    private long Sum(long retired, Func<RealServer, long> counter)
    {
        long total = retired;
        foreach (var server in Volatile.Read(ref _realServers))
        {
            total += counter(server);
        }

        return total;
    }
}
