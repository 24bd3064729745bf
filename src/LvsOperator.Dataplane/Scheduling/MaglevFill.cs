using System.Runtime.CompilerServices;

namespace LvsOperator.Dataplane.Scheduling;

/// <summary>
/// Maglev's populate step (§3.4) for one table, with the scratch it reuses so a steady state allocates nothing: fills
/// every slot with an index into the servers it is given, which must be sorted by identity (see AvailableServers).
/// </summary>
internal sealed class MaglevFill
{
    // A pass per round is taken while it costs at most this many steps per slot (maxWeight/meanWeight).
    private const long RoundPassLimit = 8;

    private readonly int[] _table;
    private readonly int _size;

    // Which slots are taken, one bit each: the fill probes about M·ln M times, and 8 KiB stays in L1 where the 256 KiB
    // table does not.
    private readonly ulong[] _taken;

    // Grown only when the backend count grows.
    private Backend[] _backends = [];
    private ulong[] _turns = [];
    private int[] _active = [];

    public MaglevFill(int[] table)
    {
        _table = table;
        _size = table.Length;
        _taken = new ulong[(_size + 63) / 64];
    }

    /// <summary>Tests: take the turns through the heap (true) or round by round (false) whatever the weights; null
    /// chooses by cost. Both give the same table.</summary>
    public bool? UseHeap { get; set; }

    /// <summary>Fills the table from <paramref name="servers"/> (available, sorted by identity, at least one).</summary>
    public void Fill(ReadOnlySpan<RealServer> servers)
    {
        int n = servers.Length;
        if (_backends.Length < n)
        {
            int length = Math.Max(n, _backends.Length * 2);
            _backends = new Backend[length];
            _turns = new ulong[length];
            _active = new int[length];
        }

        var (maxWeight, totalWeight) = AssignQuotas(servers);
        Populate(n, maxWeight, totalWeight);
    }

    private (int MaxWeight, long TotalWeight) AssignQuotas(ReadOnlySpan<RealServer> servers)
    {
        int n = servers.Length;
        long totalWeight = 0;
        int maxWeight = 0;
        for (int i = 0; i < n; i++)
        {
            totalWeight += servers[i].Weight;
            maxWeight = Math.Max(maxWeight, servers[i].Weight);
        }

        long assigned = 0;
        for (int i = 0; i < n; i++)
        {
            var server = servers[i];
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

        return (maxWeight, totalWeight);
    }

    private void Populate(int n, int maxWeight, long totalWeight)
    {
        Array.Clear(_taken);

        // Two ways to take the turns in the same order, (round, identity order): a pass per round costs about
        // n·rounds = M·maxWeight/meanWeight steps, a heap M·log n. The first wins unless one weight towers over the rest.
        if (!(UseHeap ?? (long)n * maxWeight > RoundPassLimit * totalWeight))
        {
            TakeTurnsByRound(n);
        }
        else
        {
            TakeTurnsByHeap(n);
        }
    }

    private void TakeTurnsByRound(int n)
    {
        int active = 0;
        for (int i = 0; i < n; i++)
        {
            if (_backends[i].Quota > 0)
            {
                _active[active++] = i;
            }
        }

        // Each backend has at most one turn per round (w ≤ maxWeight); the list stays in identity order as it shrinks.
        long round = 1;
        while (active > 0)
        {
            int kept = 0;
            long nextRound = long.MaxValue;
            for (int j = 0; j < active; j++)
            {
                int backend = _active[j];
                ref var b = ref _backends[backend];
                if (b.NextRound == round)
                {
                    Claim(ref b, backend);
                    if (b.Owned == b.Quota)
                    {
                        continue;
                    }

                    b.Advance();
                }

                nextRound = Math.Min(nextRound, b.NextRound);
                _active[kept++] = backend;
            }

            active = kept;
            round = nextRound; // skips rounds in which nobody has a turn
        }
    }

    private void TakeTurnsByHeap(int n)
    {
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
                b.Advance();
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
    private ulong NextTurn(int backend) => ((ulong)_backends[backend].NextRound << 32) | (uint)backend;

    private void Claim(ref Backend b, int backend)
    {
        // The permutation (offset + j·skip) mod M visits every slot once (M prime, 0 < skip < M), and a backend under
        // quota means a slot is still free, so this ends.
        var taken = _taken;
        int slot = b.Position;
        while ((taken[slot >> 6] & (1UL << slot)) != 0)
        {
            slot += b.Skip;
            if (slot >= _size)
            {
                slot -= _size;
            }
        }

        taken[slot >> 6] |= 1UL << slot;
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

        /// <summary>The round of its next turn k, ⌈k·maxWeight/Weight⌉.</summary>
        public readonly long NextRound => Round + (Carry > 0 ? 1 : 0);

        /// <summary>k becomes k+1, by quotient and remainder so no turn divides.</summary>
        public void Advance()
        {
            Round += RoundsPerTurn;
            Carry += RoundsPerTurnRemainder;
            if (Carry >= Weight)
            {
                Carry -= Weight;
                Round++;
            }
        }
    }
}
