using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Scheduling;

/// <summary>ipvs lc: the available server with the least overhead (active*256 + inactive); ties go to the first.</summary>
public sealed class LeastConnection : IScheduler
{
    private RealServer[] _servers = [];

    public string Name => "lc";

    // The least loaded server by this director's own connection counts, which a restarted one has lost.
    public bool PicksUpMidFlow => false;

    public RealServer? Schedule(in FlowKey clientFlow)
    {
        RealServer? best = null;
        long bestOverhead = long.MaxValue;
        foreach (var server in _servers)
        {
            if (!server.IsAvailable)
            {
                continue;
            }

            long overhead = Overhead(server);
            if (overhead < bestOverhead)
            {
                best = server;
                bestOverhead = overhead;
            }
        }

        return best;
    }

    public void Rebuild(IReadOnlyList<RealServer> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        _servers = [.. servers];
    }

    /// <summary>ipvs ip_vs_dest_conn_overhead: an active connection costs about 256 inactive ones.</summary>
    internal static long Overhead(RealServer server) => ((long)server.ActiveConnections << 8) + server.InactiveConnections;
}
