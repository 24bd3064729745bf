using System.Runtime.CompilerServices;
using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Scheduling;

/// <summary>
/// Maglev consistent hashing (Eisenbud et al., NSDI 2016): a lookup table of prime size M filled by letting backends
/// take turns claiming the next free slot of their own permutation (offset and skip from two hashes of "ip:port").
/// Weights set each backend's share of slots (exact to one slot) and how often it takes a turn.
/// </summary>
/// <remarks>
/// Departure from the paper, on purpose: a rebuild starts from the previous table. Slots whose backend survived stay put
/// unless that backend is over its new share; freed slots (and slots taken from over-share backends) are refilled by the
/// same turn-taking. So removing a backend moves only its own slots (~1/N) and never a survivor's, and adding one moves
/// only what the newcomer must take. The price: after removals the table depends on history, so two directors with the
/// same backends but different histories may disagree. That matters little here: established flows are pinned by the
/// ConnectionTable, and the table only picks backends for new connections. A fresh instance (no history) is fully
/// deterministic for a given set of servers and weights, whatever their input order.
/// </remarks>
public sealed class Maglev : IScheduler
{
    public const int DefaultTableSize = 65537;

    private readonly int _size;
    private readonly int[] _table;
    private readonly Dictionary<RealServer, int> _newIndex = new();
    private RealServer[] _servers = [];
    private RealServer[] _previous = [];
    private int _count;
    private bool _hasTable;

    // Per-backend scratch, grown only when the backend count grows.
    private int[] _weights = [];
    private int[] _quota = [];
    private int[] _owned = [];
    private long[] _credit = [];
    private int[] _position = [];
    private int[] _skip = [];

    public Maglev(int tableSize = DefaultTableSize)
    {
        if (tableSize < 3 || !IsPrime(tableSize))
        {
            throw new ArgumentOutOfRangeException(nameof(tableSize), tableSize, "Maglev's table size must be a prime >= 3.");
        }

        _size = tableSize;
        _table = new int[tableSize];
    }

    public string Name => "maglev";

    public int TableSize => _size;

    public RealServer? Schedule(in FlowKey clientFlow)
    {
        if (_count == 0)
        {
            return null;
        }

        // Lemire's multiply-shift maps the hash onto [0, M) without a division.
        int slot = (int)(((FlowHash.Of(clientFlow) >> 32) * (ulong)_size) >> 32);
        var server = _servers[_table[slot]];
        return server.IsAvailable ? server : ScheduleAround(slot);
    }

    public void Rebuild(IReadOnlyList<RealServer> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        (_previous, _servers) = (_servers, _previous);
        int previousCount = _count;
        int n = CollectAvailable(servers);
        _count = 0;
        if (n == 0)
        {
            _hasTable = false;
            return;
        }

        EnsureScratch(n);
        int maxWeight = 0;
        long totalWeight = 0;
        for (int i = 0; i < n; i++)
        {
            var server = _servers[i];
            _weights[i] = server.Weight;
            maxWeight = Math.Max(maxWeight, server.Weight);
            totalWeight += server.Weight;
            _owned[i] = 0;
            _credit[i] = 0;
            _position[i] = (int)(server.IdentityHash1 % (ulong)_size);
            _skip[i] = (int)(server.IdentityHash2 % (ulong)(_size - 1)) + 1;
        }

        KeepSurvivors(previousCount, n);
        int deficit = AssignQuotas(n, totalWeight);
        Populate(n, maxWeight, deficit);
        _count = n;
        _hasTable = true;
    }

    /// <summary>The backend a slot points at (tests and diagnostics).</summary>
    internal RealServer? SlotOwner(int slot) => _count == 0 ? null : _servers[_table[slot]];

    private int CollectAvailable(IReadOnlyList<RealServer> servers)
    {
        if (_servers.Length < servers.Count)
        {
            _servers = new RealServer[servers.Count];
        }

        int n = 0;
        for (int i = 0; i < servers.Count; i++)
        {
            if (servers[i].IsAvailable)
            {
                _servers[n++] = servers[i];
            }
        }

        _servers.AsSpan(0, n).Sort(CompareIdentity);
        return n;
    }

    private void KeepSurvivors(int previousCount, int n)
    {
        if (!_hasTable)
        {
            Array.Fill(_table, -1);
            return;
        }

        _newIndex.Clear();
        for (int i = 0; i < n; i++)
        {
            _newIndex[_servers[i]] = i;
        }

        Span<int> remap = previousCount <= 1024 ? stackalloc int[previousCount] : new int[previousCount];
        for (int i = 0; i < previousCount; i++)
        {
            remap[i] = _newIndex.TryGetValue(_previous[i], out int index) ? index : -1;
        }

        for (int slot = 0; slot < _size; slot++)
        {
            int owner = remap[_table[slot]];
            _table[slot] = owner;
            if (owner >= 0)
            {
                _owned[owner]++;
            }
        }
    }

    private int AssignQuotas(int n, long totalWeight)
    {
        long assigned = 0;
        for (int i = 0; i < n; i++)
        {
            _quota[i] = (int)(_size * (long)_weights[i] / totalWeight);
            assigned += _quota[i];
        }

        // Spare slots go first to backends already holding more than their floor, so they need not give any back.
        int spare = (int)(_size - assigned);
        for (int i = 0; i < n && spare > 0; i++)
        {
            if (_owned[i] > _quota[i])
            {
                _quota[i]++;
                spare--;
            }
        }

        for (int i = 0; i < n && spare > 0; i++)
        {
            if (_owned[i] <= _quota[i])
            {
                _quota[i]++;
                spare--;
            }
        }

        for (int i = 0; spare > 0; i = (i + 1) % n)
        {
            _quota[i]++;
            spare--;
        }

        int deficit = 0;
        for (int i = 0; i < n; i++)
        {
            deficit += Math.Max(0, _quota[i] - _owned[i]);
        }

        return deficit;
    }

    private void Populate(int n, int maxWeight, int deficit)
    {
        while (deficit > 0)
        {
            bool claimed = false;
            for (int i = 0; i < n && deficit > 0; i++)
            {
                if (_owned[i] >= _quota[i])
                {
                    continue;
                }

                _credit[i] += _weights[i];
                while (_credit[i] >= maxWeight && _owned[i] < _quota[i])
                {
                    _credit[i] -= maxWeight;
                    Claim(i);
                    deficit--;
                    claimed = true;
                }
            }

            if (!claimed)
            {
                // Only light backends are left (e.g. weights 1 and 65535): skip the idle rounds they would wait.
                for (int i = 0; i < n; i++)
                {
                    _credit[i] = Math.Max(_credit[i], maxWeight - _weights[i]);
                }
            }
        }
    }

    private void Claim(int backend)
    {
        // The permutation visits every slot once per M steps (M prime, 0 < skip < M), and while a deficit remains
        // some slot is free or held by an over-share backend, so this ends.
        int slot;
        while (true)
        {
            slot = _position[backend];
            int next = slot + _skip[backend];
            _position[backend] = next >= _size ? next - _size : next;
            int owner = _table[slot];
            if (owner == -1)
            {
                break;
            }

            if (owner != backend && _owned[owner] > _quota[owner])
            {
                _owned[owner]--;
                break;
            }
        }

        _table[slot] = backend;
        _owned[backend]++;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private RealServer? ScheduleAround(int slot)
    {
        // Only between a weight change and the Rebuild that follows it on the same thread.
        for (int i = 1; i < _size; i++)
        {
            var server = _servers[_table[(slot + i) % _size]];
            if (server.IsAvailable)
            {
                return server;
            }
        }

        return null;
    }

    private void EnsureScratch(int n)
    {
        if (_weights.Length >= n)
        {
            return;
        }

        int length = Math.Max(n, _weights.Length * 2);
        _weights = new int[length];
        _quota = new int[length];
        _owned = new int[length];
        _credit = new long[length];
        _position = new int[length];
        _skip = new int[length];
    }

    private static bool IsPrime(int value)
    {
        for (int d = 2; (long)d * d <= value; d++)
        {
            if (value % d == 0)
            {
                return false;
            }
        }

        return true;
    }

    // Created once, so sorting allocates no delegate per rebuild.
    private static readonly Comparison<RealServer> CompareIdentity = static (x, y) =>
        x.Address != y.Address ? x.Address.CompareTo(y.Address) : x.Port.CompareTo(y.Port);
}
