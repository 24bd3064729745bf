using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Scheduling;

/// <summary>
/// Source affinity for one virtual service, like <c>ipvsadm -p timeout -M netmask</c>: clients in the same masked
/// network go to the same real server. A template never expires while connections bound to it live
/// (<see cref="Acquire"/>/<see cref="Release"/>, called by the ConnectionTable); the timeout restarts when the last
/// one ends. Bounded: when full, new clients are scheduled without a template rather than refused.
/// </summary>
/// <remarks>
/// Owned by the forwarder thread like the other data-plane tables. A template whose server went to weight 0 or was
/// removed is dropped on the next lookup (ipvs with expire_quiescent_template=1): a draining pod is terminating, so
/// sticky clients move now rather than at the pod's end. Its live connections keep running.
/// </remarks>
public sealed class PersistenceTable
{
    private readonly TimeProvider _timeProvider;
    private readonly long _timeoutTicks;
    private readonly Dictionary<uint, int> _index;
    private readonly Template[] _templates;
    private int _freeHead;
    private int _sweepCursor;
    private int _count;

    public PersistenceTable(TimeSpan timeout, uint netmask, int capacity, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Timeout = timeout;
        Netmask = netmask;
        Capacity = capacity;
        _timeProvider = timeProvider;
        _timeoutTicks = (long)(timeout.TotalSeconds * timeProvider.TimestampFrequency);
        _index = new Dictionary<uint, int>(capacity);
        _templates = new Template[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _templates[i].NextFree = i + 1 < capacity ? i + 1 : -1;
        }
    }

    public TimeSpan Timeout { get; }

    public uint Netmask { get; }

    public int Capacity { get; }

    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// The client's sticky server if it has a valid template, otherwise one from <paramref name="scheduler"/> (and a new
    /// template for it). <paramref name="template"/> is what to hand the ConnectionTable, -1 when none could be made.
    /// </summary>
    public RealServer? Schedule(IScheduler scheduler, in FlowKey clientFlow, out int template)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        uint key = clientFlow.SourceAddress & Netmask;
        long now = _timeProvider.GetTimestamp();
        if (_index.TryGetValue(key, out template))
        {
            ref var existing = ref _templates[template];
            if (IsValid(in existing, now))
            {
                return existing.Server;
            }

            Detach(template);
        }

        template = -1;
        var server = scheduler.Schedule(NetworkFlow(clientFlow, key));
        if (server is not null && _freeHead < 0)
        {
            // Full: reclaim a few idle expired templates before going without one.
            Expire(64);
        }

        if (server is null || _freeHead < 0)
        {
            return server;
        }

        template = _freeHead;
        ref var created = ref _templates[template];
        _freeHead = created.NextFree;
        created = new Template { Key = key, Server = server, ExpiresAt = now + _timeoutTicks, Attached = true, NextFree = -1 };
        _index[key] = template;
        Volatile.Write(ref _count, _count + 1);
        return server;
    }

    /// <summary>
    /// The server <see cref="Schedule"/> would answer, changing nothing: no template is made, refreshed or dropped. For a
    /// choice that must leave no state behind: a reset forwarded untracked, a real server's segment checked against the
    /// choice before it is picked up.
    /// </summary>
    public RealServer? Peek(IScheduler scheduler, in FlowKey clientFlow)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        uint key = clientFlow.SourceAddress & Netmask;
        if (_index.TryGetValue(key, out int slot) && IsValid(in _templates[slot], _timeProvider.GetTimestamp()))
        {
            return _templates[slot].Server;
        }

        return scheduler.Schedule(NetworkFlow(clientFlow, key));
    }

    public void Acquire(int template)
    {
        if ((uint)template < (uint)_templates.Length && _templates[template].Server is not null)
        {
            _templates[template].References++;
        }
    }

    public void Release(int template)
    {
        if ((uint)template >= (uint)_templates.Length || _templates[template].Server is null)
        {
            return;
        }

        ref var entry = ref _templates[template];
        if (--entry.References > 0)
        {
            return;
        }

        entry.References = 0;
        if (entry.Attached)
        {
            entry.ExpiresAt = _timeProvider.GetTimestamp() + _timeoutTicks;
        }
        else
        {
            Free(template);
        }
    }

    /// <summary>Drops idle expired templates, looking at no more than <paramref name="maxScan"/> slots.</summary>
    public int Expire(int maxScan)
    {
        long now = _timeProvider.GetTimestamp();
        int removed = 0;
        for (int i = 0; i < maxScan && i < _templates.Length; i++)
        {
            int slot = _sweepCursor;
            _sweepCursor = slot + 1 == _templates.Length ? 0 : slot + 1;
            ref var entry = ref _templates[slot];
            if (entry.Server is not null && entry.Attached && entry.References == 0 && now >= entry.ExpiresAt)
            {
                Detach(slot);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>The server a client's network is bound to now (diagnostics and tests).</summary>
    public RealServer? Find(uint clientAddress)
    {
        if (!_index.TryGetValue(clientAddress & Netmask, out int slot))
        {
            return null;
        }

        ref var entry = ref _templates[slot];
        return entry.References == 0 && _timeProvider.GetTimestamp() >= entry.ExpiresAt ? null : entry.Server;
    }

    private static bool IsValid(in Template template, long now) =>
        (template.References > 0 || now < template.ExpiresAt) && template.Server!.IsAvailable;

    /// <summary>
    /// What a template's server is scheduled for: the client's masked network at this service, not the connection that
    /// happened to come first. A consistent hash then gives the template the same server on every director, so a
    /// connection picked up mid-flow after a restart or takeover, whose template is gone, finds the server its network
    /// was bound to. Schedulers that do not hash the flow are unaffected.
    /// </summary>
    private static FlowKey NetworkFlow(in FlowKey clientFlow, uint network) =>
        new(clientFlow.Protocol, network, 0, clientFlow.DestinationAddress, clientFlow.DestinationPort);

    private void Detach(int slot)
    {
        ref var entry = ref _templates[slot];
        _index.Remove(entry.Key);
        entry.Attached = false;
        Volatile.Write(ref _count, _count - 1);
        if (entry.References == 0)
        {
            Free(slot);
        }
    }

    private void Free(int slot)
    {
        _templates[slot] = new Template { NextFree = _freeHead };
        _freeHead = slot;
    }

    private struct Template
    {
        public uint Key;
        public bool Attached;
        public int References;
        public int NextFree;
        public long ExpiresAt;
        public RealServer? Server;
    }
}
