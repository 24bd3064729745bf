using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Scheduling;

/// <summary>ipvs wlc: the available server with the least overhead per unit of weight (compared by cross-multiplying).</summary>
public sealed class WeightedLeastConnection : IScheduler
{
    private RealServer[] _servers = [];

    public string Name => "wlc";

    // The least loaded server by this director's own connection counts, which a restarted one has lost.
    public bool PicksUpMidFlow => false;

    public RealServer? Schedule(in FlowKey clientFlow)
    {
        RealServer? best = null;
        long bestOverhead = 0;
        long bestWeight = 1;
        foreach (var server in _servers)
        {
            if (!server.IsAvailable)
            {
                continue;
            }

            long overhead = LeastConnection.Overhead(server);
            long weight = server.Weight;
            // overhead/weight < bestOverhead/bestWeight without division (weights > 0).
            if (best is null || overhead * bestWeight < bestOverhead * weight)
            {
                best = server;
                bestOverhead = overhead;
                bestWeight = weight;
            }
        }

        return best;
    }

    public void Rebuild(IReadOnlyList<RealServer> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        _servers = [.. servers];
    }
}
