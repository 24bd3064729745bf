using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Scheduling;

/// <summary>
/// ipvs sh: a fixed bucket table filled with servers in proportion to their weights; the client's source address
/// (and, when asked, its source port, like ipvsadm's sh-port flag) picks the bucket, so a client keeps its server for
/// as long as the server set does not change. A bucket whose server became unavailable falls through to the next.
/// The table is a pure function of the set of available (server, weight) pairs, like Maglev's, so directors agree.
/// </summary>
public sealed class SourceHash : IScheduler
{
    public const int BucketCount = 4093;

    private readonly bool _includeSourcePort;
    private readonly RealServer?[] _buckets = new RealServer?[BucketCount];

    // Scratch kept between rebuilds, grown only when the server count grows.
    private RealServer[] _sorted = [];
    private long[] _current = [];

    public SourceHash(bool includeSourcePort = false)
    {
        _includeSourcePort = includeSourcePort;
    }

    public string Name => "sh";

    // The buckets are a pure function of the server set, the bucket one of the source: every director agrees.
    public bool PicksUpMidFlow => true;

    public RealServer? Schedule(in FlowKey clientFlow)
    {
        ulong hash = FlowHash.OfSource(clientFlow.SourceAddress, _includeSourcePort ? clientFlow.SourcePort : (ushort)0);
        int bucket = (int)(hash % BucketCount);
        for (int i = 0; i < BucketCount; i++)
        {
            var server = _buckets[bucket];
            if (server is null)
            {
                return null;
            }

            if (server.IsAvailable)
            {
                return server;
            }

            bucket = bucket + 1 == BucketCount ? 0 : bucket + 1;
        }

        return null;
    }

    /// <summary>The server a bucket points at (tests and diagnostics).</summary>
    internal RealServer? BucketOwner(int bucket) => _buckets[bucket];

    public void Rebuild(IReadOnlyList<RealServer> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        Array.Clear(_buckets);
        int n = AvailableServers.CollectSorted(servers, ref _sorted);
        long totalWeight = 0;
        for (int i = 0; i < n; i++)
        {
            totalWeight += _sorted[i].Weight;
        }

        if (totalWeight == 0)
        {
            return;
        }

        if (_current.Length < n)
        {
            _current = new long[Math.Max(n, _current.Length * 2)];
        }

        // Buckets dealt by smooth weighted round robin: each server gets its share to within one bucket, interleaved,
        // whatever the weights (ip_vs_sh's consecutive runs of `weight` buckets let one heavy server take them all).
        // Dealt over the servers sorted by identity, ties to the first, so the table depends on the set alone
        // (ip_vs_sh deals in list order, i.e. in the order the servers were added).
        var current = _current.AsSpan(0, n);
        current.Clear();
        for (int bucket = 0; bucket < BucketCount; bucket++)
        {
            int best = 0;
            for (int i = 0; i < n; i++)
            {
                current[i] += _sorted[i].Weight;
                if (current[i] > current[best])
                {
                    best = i;
                }
            }

            current[best] -= totalWeight;
            _buckets[bucket] = _sorted[best];
        }
    }
}
