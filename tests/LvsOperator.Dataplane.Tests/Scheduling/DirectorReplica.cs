using LvsOperator.Dataplane.Scheduling;

namespace LvsOperator.Dataplane.Tests.Scheduling;

/// <summary>
/// One director's view of a consistent-hash scheduler, fed the way the ServiceTable feeds it: a RealServer object per
/// address:port kept while it stays in the set, weights changed in place, removed servers marked and dropped. Each
/// replica has its own objects, as two directors do, so tables are compared by identity, not by reference.
/// </summary>
internal sealed class DirectorReplica(IScheduler scheduler)
{
    private readonly Dictionary<(uint, ushort), RealServer> _servers = new();

    public IScheduler Scheduler { get; } = scheduler;

    public static DirectorReplica Fresh(IScheduler scheduler, params ((uint Address, ushort Port) Identity, int Weight)[] set)
    {
        var replica = new DirectorReplica(scheduler);
        replica.Apply(set);
        return replica;
    }

    /// <summary>Servers given by number n (198.19.0.n:8080) and weight.</summary>
    public static DirectorReplica Fresh(IScheduler scheduler, params (int Server, int Weight)[] set) =>
        Fresh(scheduler, Numbered(set));

    public void Apply(params (int Server, int Weight)[] set) => Apply(Numbered(set));

    public void Apply(params ((uint Address, ushort Port) Identity, int Weight)[] set)
    {
        var next = new List<RealServer>();
        foreach (var (identity, weight) in set)
        {
            if (_servers.TryGetValue(identity, out var server))
            {
                server.Weight = weight;
            }
            else
            {
                server = new RealServer(identity.Address, identity.Port, weight);
                _servers.Add(identity, server);
            }

            next.Add(server);
        }

        foreach (var (identity, server) in _servers.ToArray())
        {
            if (!next.Contains(server))
            {
                server.IsRemoved = true;
                _servers.Remove(identity);
            }
        }

        Scheduler.Rebuild(next);
    }

    /// <summary>The address:port each slot (maglev) or bucket (sh) points at; null where none.</summary>
    public (uint, ushort)?[] Identities() => Scheduler switch
    {
        Maglev maglev => [.. Enumerable.Range(0, maglev.TableSize).Select(s => Identity(maglev.SlotOwner(s)))],
        SourceHash sh => [.. Enumerable.Range(0, SourceHash.BucketCount).Select(b => Identity(sh.BucketOwner(b)))],
        _ => throw new NotSupportedException(Scheduler.Name),
    };

    private static (uint, ushort)? Identity(RealServer? server) => server is null ? null : (server.Address, server.Port);

    private static ((uint, ushort), int)[] Numbered((int Server, int Weight)[] set) =>
        [.. set.Select(x => ((0xC6130000u + (uint)x.Server, (ushort)8080), x.Weight))];
}
