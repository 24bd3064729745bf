using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Scheduling;

/// <summary>
/// A backend of a virtual service (ipvsadm's "real server"). The instance is its identity: the service table keeps
/// the same object while the address and port stay in the desired configuration, so connections, schedulers and
/// persistence templates can hold references to it.
/// </summary>
/// <remarks>
/// Threading: one forwarder thread owns the data-plane tables and is the only writer of everything here; control-plane
/// changes are applied on that thread too, so the hot path takes no locks. Metrics and HTTP readers on other threads
/// read the 64-bit counters racily but atomically (aligned longs on a 64-bit runtime, read with <see cref="Volatile"/>).
/// </remarks>
public sealed class RealServer
{
    private int _weight;
    private int _activeConnections;
    private int _inactiveConnections;
    private long _connections;
    private long _packetsIn;
    private long _packetsOut;
    private long _bytesIn;
    private long _bytesOut;

    public RealServer(uint address, ushort port, int weight = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        Address = address;
        Port = port;
        _weight = weight;
        // Maglev's offset and skip. They must come out the same in every process and every version of the agent (the
        // directors of one VIP build the same table from them), so they are plain arithmetic on the address and port:
        // no string.GetHashCode, no per-process seed, no culture. Changing them changes every table.
        ulong identity = ((ulong)address << 16) | port;
        IdentityHash1 = FlowHash.Mix(identity ^ 0x6A09E667F3BCC908UL);
        IdentityHash2 = FlowHash.Mix(identity ^ 0xBB67AE8584CAA73BUL);
    }

    /// <summary>Two independent hashes of address:port (Maglev's offset and skip), computed once.</summary>
    internal ulong IdentityHash1 { get; }

    internal ulong IdentityHash2 { get; }

    public uint Address { get; }

    public ushort Port { get; }

    /// <summary>0 = quiesced (draining): keeps its connections, gets no new ones. Schedulers that cache weights need a Rebuild.</summary>
    public int Weight
    {
        get => Volatile.Read(ref _weight);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _weight, value);
        }
    }

    /// <summary>Set once the server left its service; its connections have been expired and it is never scheduled again.</summary>
    public bool IsRemoved { get; internal set; }

    /// <summary>Whether a scheduler may give it new connections.</summary>
    public bool IsAvailable => Weight > 0 && !IsRemoved;

    /// <summary>ipvsadm ActiveConn: TCP connections in ESTABLISHED.</summary>
    public int ActiveConnections => Volatile.Read(ref _activeConnections);

    /// <summary>ipvsadm InActConn: every other tracked connection (TCP not ESTABLISHED, UDP, ICMP).</summary>
    public int InactiveConnections => Volatile.Read(ref _inactiveConnections);

    /// <summary>Connections ever scheduled to this server.</summary>
    public long Connections => Volatile.Read(ref _connections);

    /// <summary>Packets client -> real server.</summary>
    public long PacketsIn => Volatile.Read(ref _packetsIn);

    /// <summary>Packets real server -> client.</summary>
    public long PacketsOut => Volatile.Read(ref _packetsOut);

    public long BytesIn => Volatile.Read(ref _bytesIn);

    public long BytesOut => Volatile.Read(ref _bytesOut);

    /// <summary>"ip:port".</summary>
    public override string ToString() => $"{Ipv4Format.ToString(Address)}:{Port}";

    // Single writer (the forwarder thread): plain read-modify-write plus a volatile publish is enough.
    internal void CountIn(int bytes)
    {
        Volatile.Write(ref _packetsIn, _packetsIn + 1);
        Volatile.Write(ref _bytesIn, _bytesIn + bytes);
    }

    internal void CountOut(int bytes)
    {
        Volatile.Write(ref _packetsOut, _packetsOut + 1);
        Volatile.Write(ref _bytesOut, _bytesOut + bytes);
    }

    internal void ConnectionAdded(bool active)
    {
        Volatile.Write(ref _connections, _connections + 1);
        AdjustState(active, 1);
    }

    internal void ConnectionRemoved(bool active) => AdjustState(active, -1);

    internal void ConnectionStateChanged(bool nowActive)
    {
        AdjustState(!nowActive, -1);
        AdjustState(nowActive, 1);
    }

    private void AdjustState(bool active, int delta)
    {
        if (active)
        {
            Volatile.Write(ref _activeConnections, _activeConnections + delta);
        }
        else
        {
            Volatile.Write(ref _inactiveConnections, _inactiveConnections + delta);
        }
    }
}
