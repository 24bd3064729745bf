using System.Runtime.CompilerServices;
using LvsOperator.Dataplane.Packets;

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
/// <para>What purity costs: a change also moves a few slots between backends it did not touch (the paper's Figure 12):
/// a freed slot lets a survivor stop earlier in its permutation and leave a later slot to another. Measured at
/// M = 65,537, equal weights, as shares of all slots (MaglevTests; sequential and random addresses alike):</para>
/// <code>
///   N       remove one: its own / survivors' moved     add one: newcomer's / others' moved
///   10      10.0 % / 0.2 %                             9.1 % / 0.2 %
///   100      1.0 % / 0.55–0.6 %                        1.0 % / 0.55 %
///   1,000    0.1 % / 0.55–0.65 %                       0.1 % / 0.6 %
/// </code>
/// <para>The earlier, history-dependent rebuild moved 0 % of the survivors' slots; that zero is what this table gives
/// up so that every director agrees.</para>
/// <para>Established connections never move: the ConnectionTable pins each to its server, and this table only places
/// flows the ConnectionTable does not know.</para>
/// </remarks>
public sealed class Maglev : IScheduler
{
    public const int DefaultTableSize = 65537;

    private readonly int _size;
    private readonly int[] _table;
    private readonly MaglevFill _fill;
    private RealServer[] _servers = [];
    private int _count;

    public Maglev(int tableSize = DefaultTableSize)
    {
        if (tableSize < 3 || !IsPrime(tableSize))
        {
            throw new ArgumentOutOfRangeException(nameof(tableSize), tableSize, "Maglev's table size must be a prime >= 3.");
        }

        _size = tableSize;
        _table = new int[tableSize];
        _fill = new MaglevFill(_table);
    }

    public string Name => "maglev";

    // The table is a pure function of the server set, the slot one of the flow: every director picks the same server.
    public bool PicksUpMidFlow => true;

    public int TableSize => _size;

    /// <summary>Tests: see <see cref="MaglevFill.UseHeap"/>.</summary>
    internal bool? UseHeap
    {
        get => _fill.UseHeap;
        set => _fill.UseHeap = value;
    }

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

        _fill.Fill(_servers.AsSpan(0, n));
        _count = n;
    }

    /// <summary>The backend a slot points at (tests and diagnostics).</summary>
    internal RealServer? SlotOwner(int slot) => _count == 0 ? null : _servers[_table[slot]];

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
}
