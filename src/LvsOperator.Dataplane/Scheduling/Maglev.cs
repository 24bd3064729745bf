using System.Runtime.CompilerServices;
using LvsOperator.Dataplane.Connections;

namespace LvsOperator.Dataplane.Scheduling;

/// <summary>
/// Maglev consistent hashing (Eisenbud et al., NSDI 2016, §3.4): a lookup table of prime size M filled by letting
/// backends take turns claiming the next free slot of their own permutation (offset and skip from two hashes of the
/// backend's address and port). The table is a pure function of the set of available (server, weight) pairs, so every
/// director that is given the same set — a standby, a restarted agent — picks the same server for the same flow.
/// </summary>
/// <remarks>
/// <para>Why pure: directors share no state. A table that depended on the order of past changes (an earlier version
/// rebuilt from the previous table to move no survivor's slot) would send the same flow to different servers on two
/// directors with the same backends, and a flow picked up mid-way after a takeover would land on the wrong one.</para>
/// <para>Weights (the paper's weighted variant, made exact): the backends, sorted by address:port, take turns in rounds;
/// one of weight w takes w/maxWeight turns per round (its k-th turn in round ⌈k·maxWeight/w⌉, lower address:port
/// first within a round) and stops at its quota of ⌊M·w/W⌋ slots plus, for the first backends in that order whose
/// share has a fractional part, one more — so every share is exact to within one slot. With equal weights this is the
/// paper's round robin.</para>
/// <para>What purity costs: a change reshuffles a few slots among backends it did not touch (the paper's Figure 12).
/// Measured at M = 65,537 with equal weights, as a share of all slots (MaglevTests):</para>
/// <code>
///   N      one removed: its own / survivors' moved     one added: newcomer's / others' moved
///   TBD
/// </code>
/// <para>Established connections never move: the ConnectionTable pins each to its server, and this table only places
/// flows the ConnectionTable does not know.</para>
/// </remarks>
public sealed class Maglev : IScheduler
{
    public const int DefaultTableSize = 65537;

    private readonly int _size;
    private readonly int[] _table;
    private RealServer[] _servers = [];
    private int _count;

    // Scratch kept between rebuilds and grown only when the backend count grows, so a steady state allocates nothing.
    private Backend[] _backends = [];
    private ulong[] _turns = [];

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
        _count = 0;
        int n = AvailableServers.CollectSorted(servers, ref _servers);
        if (n == 0)
        {
            return;
        }

        if (_backends.Length < n)
        {
            int length = Math.Max(n, _backends.Length * 2);
            _backends = new Backend[length];
            _turns = new ulong[length];
        }

        AssignQuotas(n);
        Populate(n);
        _count = n;
    }

    /// <summary>The backend a slot points at (tests and diagnostics).</summary>
    internal RealServer? SlotOwner(int slot) => _count == 0 ? null : _servers[_table[slot]];

    private void AssignQuotas(int n)
    {
        long totalWeight = 0;
        int maxWeight = 0;
        for (int i = 0; i < n; i++)
        {
            totalWeight += _servers[i].Weight;
            maxWeight = Math.Max(maxWeight, _servers[i].Weight);
        }

        long assigned = 0;
        for (int i = 0; i < n; i++)
        {
            var server = _servers[i];
            ref var backend = ref _backends[i];
            backend.Weight = server.Weight;
            backend.Quota = (int)(_size * (long)backend.Weight / totalWeight);
            backend.Owned = 0;
            backend.Position = (int)(server.IdentityHash1 % (ulong)_size);
            backend.Skip = (int)(server.IdentityHash2 % (ulong)(_size - 1)) + 1;
            backend.RoundsPerTurn = maxWeight / backend.Weight;
            backend.RoundsPerTurnRemainder = maxWeight % backend.Weight;
            backend.Round = backend.RoundsPerTurn; // its first turn: ⌈maxWeight/w⌉ = Round + (Carry > 0 ? 1 : 0)
            backend.Carry = backend.RoundsPerTurnRemainder;
            assigned += backend.Quota;
        }

        // The spare slots (fewer than n) go one each to the first backends whose exact share M·w/W is not whole: there
        // are at least as many of those as spare slots, and rounding one of them up keeps it within a slot.
        long spare = _size - assigned;
        for (int i = 0; i < n && spare > 0; i++)
        {
            if (_size * (long)_backends[i].Weight % totalWeight != 0)
            {
                _backends[i].Quota++;
                spare--;
            }
        }
    }

    private void Populate(int n)
    {
        Array.Fill(_table, -1);

        // A min-heap of the backends still under quota, keyed by (round of their next turn, position in identity order).
        int pending = 0;
        for (int i = 0; i < n; i++)
        {
            if (_backends[i].Quota > 0)
            {
                _turns[pending++] = NextTurn(i);
            }
        }

        for (int i = (pending / 2) - 1; i >= 0; i--)
        {
            SiftDown(i, pending);
        }

        // The quotas sum to M, so the table is full exactly when the heap is empty.
        while (pending > 0)
        {
            int backend = (int)(uint)_turns[0];
            ref var b = ref _backends[backend];
            Claim(ref b, backend);
            if (b.Owned == b.Quota)
            {
                _turns[0] = _turns[--pending];
            }
            else
            {
                // Round of turn k+1 = ⌈(k+1)·maxWeight/w⌉, kept as quotient and remainder so no turn divides.
                b.Round += b.RoundsPerTurn;
                b.Carry += b.RoundsPerTurnRemainder;
                if (b.Carry >= b.Weight)
                {
                    b.Carry -= b.Weight;
                    b.Round++;
                }

                _turns[0] = NextTurn(backend);
            }

            SiftDown(0, pending);
        }
    }

    /// <summary>
    /// The heap key: round in the high half, backend in the low. A round never reaches 2^32: k ≤ quota ≤ M·w/W + 1, so
    /// ⌈k·maxWeight/w⌉ ≤ M + maxWeight.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong NextTurn(int backend)
    {
        ref readonly var b = ref _backends[backend];
        ulong round = (ulong)b.Round + (b.Carry > 0 ? 1UL : 0UL);
        return (round << 32) | (uint)backend;
    }

    private void Claim(ref Backend b, int backend)
    {
        // The permutation (offset + j·skip) mod M visits every slot once (M prime, 0 < skip < M), and a backend under
        // quota means a slot is still free, so this ends.
        int slot = b.Position;
        while (_table[slot] >= 0)
        {
            slot += b.Skip;
            if (slot >= _size)
            {
                slot -= _size;
            }
        }

        _table[slot] = backend;
        b.Owned++;
        int next = slot + b.Skip;
        b.Position = next >= _size ? next - _size : next;
    }

    private void SiftDown(int index, int count)
    {
        var turns = _turns;
        ulong item = turns[index];
        while (true)
        {
            int child = (2 * index) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && turns[child + 1] < turns[child])
            {
                child++;
            }

            if (turns[child] >= item)
            {
                break;
            }

            turns[index] = turns[child];
            index = child;
        }

        turns[index] = item;
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

    /// <summary>One backend's place in the fill: its quota and slots taken, where its permutation stands, its next turn.</summary>
    private struct Backend
    {
        public int Weight;
        public int Quota;
        public int Owned;
        public int Position;
        public int Skip;
        public int RoundsPerTurn;          // maxWeight / Weight
        public int RoundsPerTurnRemainder; // maxWeight % Weight
        public long Round;                 // ⌊k·maxWeight/Weight⌋ for its next turn k
        public int Carry;                  // k·maxWeight mod Weight
    }
}
