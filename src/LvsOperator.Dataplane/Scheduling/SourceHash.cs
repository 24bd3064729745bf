using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Scheduling;

/// <summary>
/// ipvs sh: a fixed bucket table filled with servers in proportion to their weights; the client's source address
/// (and, when asked, its source port, like ipvsadm's sh-port flag) picks the bucket, so a client keeps its server for
/// as long as the server set does not change. A bucket whose server became unavailable falls through to the next.
/// </summary>
public sealed class SourceHash : IScheduler
{
    public const int BucketCount = 4093;

    private readonly bool _includeSourcePort;
    private readonly RealServer?[] _buckets = new RealServer?[BucketCount];

    public SourceHash(bool includeSourcePort = false)
    {
        _includeSourcePort = includeSourcePort;
    }

    public string Name => "sh";

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
        long totalWeight = 0;
        foreach (var server in servers)
        {
            totalWeight += server.IsAvailable ? server.Weight : 0;
        }

        if (totalWeight == 0)
        {
            return;
        }

        // Buckets dealt by smooth weighted round robin: each server gets its share to within one bucket, interleaved,
        // whatever the weights (ip_vs_sh's consecutive runs of `weight` buckets let one heavy server take them all).
        Span<long> current = servers.Count <= 512 ? stackalloc long[servers.Count] : new long[servers.Count];
        current.Clear();
        for (int bucket = 0; bucket < BucketCount; bucket++)
        {
            int best = -1;
            for (int i = 0; i < servers.Count; i++)
            {
                if (!servers[i].IsAvailable)
                {
                    continue;
                }

                current[i] += servers[i].Weight;
                if (best < 0 || current[i] > current[best])
                {
                    best = i;
                }
            }

            current[best] -= totalWeight;
            _buckets[bucket] = servers[best];
        }
    }
}
