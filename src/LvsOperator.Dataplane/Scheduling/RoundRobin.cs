using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Scheduling;

/// <summary>ipvs rr: each available server in turn, weights ignored except that 0 is skipped.</summary>
public sealed class RoundRobin : IScheduler
{
    private RealServer[] _servers = [];
    private int _next;

    public string Name => "rr";

    // Whose turn it is depends on the connections this director scheduled before.
    public bool PicksUpMidFlow => false;

    public RealServer? Schedule(in FlowKey clientFlow)
    {
        var servers = _servers;
        for (int tried = 0; tried < servers.Length; tried++)
        {
            var server = servers[_next];
            _next = _next + 1 == servers.Length ? 0 : _next + 1;
            if (server.IsAvailable)
            {
                return server;
            }
        }

        return null;
    }

    public void Rebuild(IReadOnlyList<RealServer> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        _servers = [.. servers];
        _next = _servers.Length == 0 ? 0 : _next % _servers.Length;
    }
}
