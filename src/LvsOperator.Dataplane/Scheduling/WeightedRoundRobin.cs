using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Scheduling;

/// <summary>
/// ipvs wrr: a current weight steps down from the maximum by the gcd of all weights; each pass over the servers picks
/// those whose weight reaches it. Over one cycle of sum(weights)/gcd picks every server is chosen exactly
/// weight/gcd times, interleaved rather than in bursts.
/// </summary>
public sealed class WeightedRoundRobin : IScheduler
{
    private RealServer[] _servers = [];
    private int _index = -1;
    private int _currentWeight;
    private int _maxWeight;
    private int _gcd = 1;

    public string Name => "wrr";

    // Whose turn it is depends on the connections this director scheduled before.
    public bool PicksUpMidFlow => false;

    public RealServer? Schedule(in FlowKey clientFlow)
    {
        var servers = _servers;
        if (servers.Length == 0 || _maxWeight == 0)
        {
            return null;
        }

        // Bounded: a full cycle visits every (server, weight level) pair once.
        int limit = servers.Length * ((_maxWeight / _gcd) + 1);
        for (int step = 0; step < limit; step++)
        {
            _index = (_index + 1) % servers.Length;
            if (_index == 0)
            {
                _currentWeight -= _gcd;
                if (_currentWeight <= 0)
                {
                    _currentWeight = _maxWeight;
                }
            }

            var server = servers[_index];
            if (server.IsAvailable && server.Weight >= _currentWeight)
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
        _maxWeight = 0;
        _gcd = 0;
        foreach (var server in _servers)
        {
            if (server.IsAvailable)
            {
                _maxWeight = Math.Max(_maxWeight, server.Weight);
                _gcd = Gcd(_gcd, server.Weight);
            }
        }

        _gcd = Math.Max(_gcd, 1);
        _index = -1;
        _currentWeight = 0;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
