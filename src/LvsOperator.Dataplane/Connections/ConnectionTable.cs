using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;

namespace LvsOperator.Dataplane.Connections;

/// <summary>
/// The director's NAT connection table, found from either direction: inbound by the client's flow (proto, CIP, cport,
/// VIP, vport), outbound by the real server's reply (proto, RIP, rport, CIP, cport). Entries are structs in one
/// preallocated array addressed by int ids; two chained hash indexes and a free list are int arrays too, so nothing on
/// the packet path allocates and the table never grows past its capacity (a full table refuses the insert with
/// <see cref="ConnectionAddResult.TableFull"/>). It also owns IPVS's rule for a client port reused after a connection
/// closed (conn_reuse_mode): a bare SYN supersedes a TIME_WAIT or CLOSE entry, whether it finds it as its own flow
/// (<see cref="TryGetInbound(in FlowKey, byte, out int)"/>) or as the one whose replies it would share
/// (<see cref="TryAdd"/>).
/// </summary>
/// <remarks>
/// Threading: one forwarder thread owns the table. Control-plane changes (RemoveConnectionsOfRemovedServers) are applied on that thread
/// between batches, so there are no locks; so are the steps of a listing (<see cref="OpenSnapshot"/>), one bounded step at a time.
/// Other threads may read <see cref="Count"/> and the RealServer counters: racy but atomic.
/// Time: the table's clock is read once per <see cref="Expire"/> call (the forwarder calls it every batch), and every
/// entry touched afterwards uses that timestamp, like the kernel's jiffies.
/// An id is valid until the entry is removed; keep one only while handling a packet.
/// </remarks>
public sealed partial class ConnectionTable
{
    public const int DefaultExpireScan = 1024;

    private readonly TimeProvider _timeProvider;
    private readonly long[] _timeoutTicks;
    private readonly long _udpTimeoutTicks;
    private readonly long _icmpTimeoutTicks;
    private readonly Connection[] _entries;
    private int _freeHead;
    private int _sweepCursor;
    private int _count;
    private long _now;

    public ConnectionTable(int capacity, ConnectionTimeouts timeouts, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentNullException.ThrowIfNull(timeouts);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        long frequency = timeProvider.TimestampFrequency;
        _timeoutTicks = new long[(int)TcpConnectionState.SynAck + 1];
        for (int state = 0; state < _timeoutTicks.Length; state++)
        {
            _timeoutTicks[state] = ToTicks(timeouts.For((TcpConnectionState)state), frequency);
        }

        _udpTimeoutTicks = ToTicks(timeouts.Udp, frequency);
        _icmpTimeoutTicks = ToTicks(timeouts.Icmp, frequency);
        Capacity = capacity;
        _entries = new Connection[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _entries[i].NextInbound = i + 1 < capacity ? i + 1 : -1;
        }

        _freeHead = 0;
        _now = timeProvider.GetTimestamp();
        (_inboundBuckets, _outboundBuckets, _bucketMask, _seed) = CreateIndex(capacity);
    }

    public int Capacity { get; }

    public int Count => Volatile.Read(ref _count);

    public ref readonly Connection Get(int connection) => ref _entries[connection];

    /// <summary>A client packet (client -> VIP) of a tracked, unexpired connection.</summary>
    public bool TryGetInbound(in FlowKey clientFlow, out int connection) =>
        Live(connection = FindInbound(clientFlow));

    /// <summary>
    /// The connection a client packet with <paramref name="tcpFlags"/> belongs to. A bare SYN on a connection in
    /// TIME_WAIT or CLOSE opens a new connection on the old client port: the old entry is removed and the packet is
    /// untracked, to be scheduled afresh (as the real server itself would take the SYN over its TIME_WAIT socket).
    /// </summary>
    public bool TryGetInbound(in FlowKey clientFlow, byte tcpFlags, out int connection)
    {
        if (!TryGetInbound(clientFlow, out connection))
        {
            return false;
        }

        if (!ShouldReschedule(connection, tcpFlags))
        {
            return true;
        }

        RemoveAt(connection);
        connection = -1;
        return false;
    }

    /// <summary>A real server's reply (RIP -> client) of a tracked, unexpired connection.</summary>
    public bool TryGetOutbound(in FlowKey serverFlow, out int connection) =>
        Live(connection = FindOutbound(serverFlow));

    /// <summary>
    /// Tracks a new connection from <paramref name="clientFlow"/> to <paramref name="server"/>, or says why not
    /// (<see cref="ConnectionAddResult"/>). Then record its first packet with <see cref="RecordInbound"/>.
    /// <paramref name="template"/> (from <see cref="PersistenceTable.Schedule"/>) is held until the connection ends.
    /// With <paramref name="tcpFlags"/> of a bare SYN, a connection in TIME_WAIT or CLOSE that has this flow or whose
    /// replies this one would share (the same client port reached the same real server through another VIP port) is
    /// superseded instead of refusing.
    /// </summary>
    public ConnectionAddResult TryAdd(
        in FlowKey clientFlow, RealServer server, out int connection, PersistenceTable? persistence = null, int template = -1, byte tcpFlags = 0)
    {
        ArgumentNullException.ThrowIfNull(server);
        connection = -1;
        var replyFlow = new FlowKey(clientFlow.Protocol, server.Address, server.Port, clientFlow.SourceAddress, clientFlow.SourcePort);
        if (TryGetOutbound(replyFlow, out var clash))
        {
            if (!ShouldReschedule(clash, tcpFlags))
            {
                return ConnectionAddResult.Clash;
            }

            RemoveAt(clash);
        }

        if (TryGetInbound(clientFlow, tcpFlags, out _))
        {
            return ConnectionAddResult.AlreadyTracked;
        }

        if (_freeHead < 0)
        {
            // Full: reclaim a few expired entries the sweep has not reached yet before refusing.
            Sweep(64);
            if (_freeHead < 0)
            {
                return ConnectionAddResult.TableFull;
            }
        }

        connection = _freeHead;
        ref var entry = ref _entries[connection];
        _freeHead = entry.NextInbound;
        entry = new Connection
        {
            ProtocolValue = clientFlow.Protocol,
            ClientAddressValue = clientFlow.SourceAddress,
            ClientPortValue = clientFlow.SourcePort,
            VirtualAddressValue = clientFlow.DestinationAddress,
            VirtualPortValue = clientFlow.DestinationPort,
            RealAddressValue = server.Address,
            RealPortValue = server.Port,
            StateValue = TcpConnectionState.None,
            Server = server,
            Persistence = template >= 0 ? persistence : null,
            Template = template,
        };
        entry.ExpiresAt = _now + Timeout(in entry);
        Link(connection);
        server.ConnectionAdded(active: false);
        entry.Persistence?.Acquire(template);
        Volatile.Write(ref _count, _count + 1);
        return ConnectionAddResult.Added;
    }

    /// <summary>Counts a client -> real server packet and advances the TCP state; returns the new state.</summary>
    public TcpConnectionState RecordInbound(int connection, int bytes, byte tcpFlags = 0)
    {
        ref var entry = ref _entries[connection];
        entry.PacketsInValue++;
        entry.BytesInValue += bytes;
        entry.Server!.CountIn(bytes);
        return Advance(ref entry, fromClient: true, tcpFlags);
    }

    /// <summary>Counts a real server -> client packet and advances the TCP state; returns the new state.</summary>
    public TcpConnectionState RecordOutbound(int connection, int bytes, byte tcpFlags = 0)
    {
        ref var entry = ref _entries[connection];
        entry.PacketsOutValue++;
        entry.BytesOutValue += bytes;
        entry.Server!.CountOut(bytes);
        return Advance(ref entry, fromClient: false, tcpFlags);
    }

    /// <summary>A bare SYN on a connection in TIME_WAIT or CLOSE is a new connection reusing the client port (ipvs conn_reuse_mode).</summary>
    internal bool ShouldReschedule(int connection, byte tcpFlags)
    {
        ref readonly var entry = ref _entries[connection];
        return entry.ProtocolValue == IpProtocol.Tcp
            && TcpStateMachine.IsInitialSyn(tcpFlags)
            && entry.StateValue is TcpConnectionState.TimeWait or TcpConnectionState.Close;
    }

    public void Remove(int connection)
    {
        if ((uint)connection < (uint)_entries.Length && _entries[connection].IsLive)
        {
            RemoveAt(connection);
        }
    }

    /// <summary>
    /// Advances the table's clock and removes expired entries among the next <paramref name="maxScan"/> slots, so the
    /// work per call is bounded whatever the table size. Lookups never return an expired entry even before it is swept.
    /// </summary>
    public int Expire(int maxScan = DefaultExpireScan)
    {
        _now = _timeProvider.GetTimestamp();
        return Sweep(maxScan);
    }

    /// <summary>
    /// Expires every connection of the real servers marked <see cref="RealServer.IsRemoved"/> (ipvs expire_nodest_conn),
    /// in one pass over the table however many servers left. Control path.
    /// </summary>
    public int RemoveConnectionsOfRemovedServers()
    {
        int removed = 0;
        for (int i = 0; i < _entries.Length; i++)
        {
            if (_entries[i].Server is { IsRemoved: true })
            {
                RemoveAt(i);
                removed++;
            }
        }

        return removed;
    }

    private bool Live(int connection)
    {
        if (connection < 0)
        {
            return false;
        }

        if (_now < _entries[connection].ExpiresAt)
        {
            return true;
        }

        RemoveAt(connection);
        return false;
    }

    private TcpConnectionState Advance(ref Connection entry, bool fromClient, byte tcpFlags)
    {
        if (entry.ProtocolValue == IpProtocol.Tcp)
        {
            bool wasActive = entry.IsActive;
            entry.StateValue = TcpStateMachine.Next(entry.StateValue, fromClient, tcpFlags);
            if (entry.IsActive != wasActive)
            {
                entry.Server!.ConnectionStateChanged(entry.IsActive);
            }
        }

        entry.ExpiresAt = _now + Timeout(in entry);
        return entry.StateValue;
    }

    private long Timeout(in Connection entry) => entry.ProtocolValue switch
    {
        IpProtocol.Tcp => _timeoutTicks[(int)entry.StateValue],
        IpProtocol.Udp => _udpTimeoutTicks,
        _ => _icmpTimeoutTicks,
    };

    private int Sweep(int maxScan)
    {
        int removed = 0;
        int scan = Math.Min(maxScan, _entries.Length);
        for (int i = 0; i < scan; i++)
        {
            int slot = _sweepCursor;
            _sweepCursor = slot + 1 == _entries.Length ? 0 : slot + 1;
            if (_entries[slot].IsLive && _now >= _entries[slot].ExpiresAt)
            {
                RemoveAt(slot);
                removed++;
            }
        }

        return removed;
    }

    private void RemoveAt(int connection)
    {
        Unlink(connection);
        ref var entry = ref _entries[connection];
        entry.Server!.ConnectionRemoved(entry.IsActive);
        entry.Persistence?.Release(entry.Template);
        entry = default;
        entry.NextInbound = _freeHead;
        _freeHead = connection;
        Volatile.Write(ref _count, _count - 1);
    }

    private static long ToTicks(TimeSpan timeout, long frequency) => (long)(timeout.TotalSeconds * frequency);
}
