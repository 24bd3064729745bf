using System.Diagnostics.CodeAnalysis;
using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;

namespace LvsOperator.Dataplane.Services;

/// <summary>
/// The director's virtual services: found by key on the packet path, asked <see cref="IsOwnedVip"/> by the ARP
/// responder, and reconciled against the desired configuration by <see cref="Apply"/>. Which VIPs this director acts
/// for is set apart by <see cref="SetOwnedVips"/>: a standby has the same services (and the same Maglev tables) as the
/// active director, but leaves the VIPs it does not own alone.
/// </summary>
/// <remarks>
/// Threading: one forwarder thread owns this table, the ConnectionTable and every scheduler; the control plane hands
/// its desired configuration to that thread, which calls <see cref="Apply"/> between batches, so the packet path takes
/// no locks. Other threads (metrics, HTTP) read <see cref="Services"/>, an array replaced rather than edited.
/// </remarks>
public sealed class ServiceTable
{
    public const int DefaultPersistenceCapacity = 65536;

    private readonly ConnectionTable _connections;
    private readonly TimeProvider _timeProvider;
    private readonly int _persistenceCapacity;
    private readonly Dictionary<VirtualServiceKey, VirtualServer> _services = new();
    private readonly Dictionary<uint, int> _vips = new();
    private HashSet<uint>? _owned;
    private VirtualServer[] _snapshot = [];
    private PickupIndex _pickups = PickupIndex.Empty;

    public ServiceTable(ConnectionTable connections, TimeProvider timeProvider, int persistenceCapacity = DefaultPersistenceCapacity)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(persistenceCapacity, 1);
        _connections = connections;
        _timeProvider = timeProvider;
        _persistenceCapacity = persistenceCapacity;
    }

    public IReadOnlyList<VirtualServer> Services => Volatile.Read(ref _snapshot);

    public bool TryGet(in VirtualServiceKey key, [MaybeNullWhen(false)] out VirtualServer service) =>
        _services.TryGetValue(key, out service);

    public bool TryGet(IpProtocol protocol, uint vip, ushort port, [MaybeNullWhen(false)] out VirtualServer service) =>
        _services.TryGetValue(new VirtualServiceKey(protocol, vip, port), out service);

    /// <summary>Whether any service uses this address (owned or not).</summary>
    public bool IsVip(uint address) => _vips.ContainsKey(address);

    /// <summary>Where a real server's segment of a flow the connection table does not know may belong (mid-flow pickup).</summary>
    internal PickupIndex Pickups => _pickups;

    /// <summary>Whether this director acts for the VIP: answers ARP and pings for it and forwards its traffic.</summary>
    public bool IsOwnedVip(uint address) => _vips.ContainsKey(address) && Owns(address);

    /// <summary>
    /// Whether the director acts for <paramref name="vip"/>, whether or not a service uses it (for a tracked
    /// connection's VIP, which one does). Every VIP until <see cref="SetOwnedVips"/> names some.
    /// </summary>
    public bool Owns(uint vip) => _owned is not { } owned || owned.Contains(vip);

    /// <summary>
    /// The VIPs this director acts for; null (the standalone default) means every VIP. The others stay programmed —
    /// tables built, connections kept — so a takeover only flips this set.
    /// </summary>
    public void SetOwnedVips(IReadOnlyCollection<uint>? owned)
    {
        _owned = owned is null ? null : [.. owned];
        foreach (var service in _services.Values)
        {
            service.IsOwned = Owns(service.Key.Vip);
        }
    }

    /// <summary>
    /// Makes the table match <paramref name="desired"/>: adds and removes services; adds real servers, changes weights in
    /// place (connections unaffected), removes real servers and expires their connections; rebuilds a scheduler only
    /// when its server set or weights changed. A spec that is invalid is refused (listed in Errors) and, if its
    /// service exists, leaves it as it was.
    /// </summary>
    public ServiceTableChanges Apply(IReadOnlyList<VirtualServerSpec> desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var counts = new ApplyCounts();
        var wanted = new Dictionary<VirtualServiceKey, VirtualServerSpec>();
        foreach (var spec in desired)
        {
            if (Validate(spec) is { } problem)
            {
                counts.Errors.Add($"{spec.Key}: {problem}");
                if (_services.ContainsKey(spec.Key))
                {
                    wanted.TryAdd(spec.Key, null!); // keep the running service untouched, unless a valid definition came first
                }
            }
            else if (!wanted.TryAdd(spec.Key, spec))
            {
                counts.Errors.Add($"{spec.Key}: defined more than once; the first definition wins.");
            }
        }

        foreach (var service in _services.Values.ToArray())
        {
            if (!wanted.ContainsKey(service.Key))
            {
                RemoveService(service, counts);
            }
        }

        foreach (var (key, spec) in wanted)
        {
            if (spec is null)
            {
                continue;
            }

            if (_services.TryGetValue(key, out var existing))
            {
                Update(existing, spec, counts, isNew: false);
            }
            else
            {
                var service = new VirtualServer(key, SchedulerFactory.Create(spec.Scheduler)) { IsOwned = Owns(key.Vip) };
                Update(service, spec, counts, isNew: true);
                _services.Add(key, service);
                _vips[key.Vip] = _vips.GetValueOrDefault(key.Vip) + 1;
                counts.ServicesAdded++;
            }
        }

        if (counts.RealServersRemoved > 0)
        {
            counts.ConnectionsExpired += _connections.RemoveConnectionsOfRemovedServers();
        }

        Volatile.Write(ref _snapshot, [.. _services.Values.OrderBy(s => s.Key.Vip).ThenBy(s => s.Key.Port).ThenBy(s => s.Key.Protocol)]);
        _pickups = PickupIndex.Build(_snapshot);
        return counts.ToChanges();
    }

    private void Update(VirtualServer service, VirtualServerSpec spec, ApplyCounts counts, bool isNew)
    {
        bool rebuild = isNew;
        if (!string.Equals(service.Scheduler.Name, SchedulerFactory.CanonicalName(spec.Scheduler), StringComparison.Ordinal))
        {
            service.Scheduler = SchedulerFactory.Create(spec.Scheduler);
            rebuild = true;
        }

        bool changed = rebuild;
        if (spec.Persistence != service.PersistenceSpec)
        {
            // Connections keep the templates they hold in the old table; new clients start afresh.
            service.PersistenceSpec = spec.Persistence;
            service.Persistence = spec.Persistence is { } p
                ? new PersistenceTable(p.Timeout, p.Netmask, _persistenceCapacity, _timeProvider)
                : null;
            changed = true;
        }

        var current = service.RealServers;
        var next = new List<RealServer>(spec.RealServers.Count);
        var byIdentity = new Dictionary<(uint, ushort), RealServer>();
        foreach (var server in current)
        {
            byIdentity[(server.Address, server.Port)] = server;
        }

        var kept = new HashSet<RealServer>();
        foreach (var rs in spec.RealServers)
        {
            if (byIdentity.TryGetValue((rs.Address, rs.Port), out var server))
            {
                if (!kept.Add(server))
                {
                    continue; // duplicate in the spec
                }

                if (server.Weight != rs.Weight)
                {
                    server.Weight = rs.Weight;
                    counts.WeightsChanged++;
                    rebuild = true;
                }
            }
            else
            {
                server = new RealServer(rs.Address, rs.Port, rs.Weight);
                byIdentity[(rs.Address, rs.Port)] = server;
                kept.Add(server);
                counts.RealServersAdded++;
                rebuild = true;
            }

            next.Add(server);
        }

        foreach (var server in current)
        {
            if (!kept.Contains(server))
            {
                RemoveRealServer(service, server, counts);
                rebuild = true;
            }
        }

        if (rebuild)
        {
            service.SetRealServers([.. next]);
            service.Scheduler.Rebuild(next);
            counts.SchedulersRebuilt++;
        }

        if ((rebuild || changed) && !isNew)
        {
            counts.ServicesUpdated++;
        }
    }

    private void RemoveService(VirtualServer service, ApplyCounts counts)
    {
        foreach (var server in service.RealServers)
        {
            RemoveRealServer(service, server, counts);
        }

        service.SetRealServers([]);
        service.Scheduler.Rebuild([]);
        _services.Remove(service.Key);
        int users = _vips[service.Key.Vip] - 1;
        if (users == 0)
        {
            _vips.Remove(service.Key.Vip);
        }
        else
        {
            _vips[service.Key.Vip] = users;
        }

        counts.ServicesRemoved++;
    }

    private static void RemoveRealServer(VirtualServer service, RealServer server, ApplyCounts counts)
    {
        // Marked only: Apply expires the connections of every removed server in one pass over the table at its end.
        server.IsRemoved = true;
        service.Retire(server);
        counts.RealServersRemoved++;
    }

    private static string? Validate(VirtualServerSpec spec)
    {
        if (spec.Protocol is not (IpProtocol.Tcp or IpProtocol.Udp))
        {
            return $"protocol {spec.Protocol} cannot be load balanced (TCP or UDP).";
        }

        if (SchedulerFactory.CanonicalName(spec.Scheduler) is null)
        {
            return SchedulerFactory.UnknownMessage(spec.Scheduler);
        }

        foreach (var rs in spec.RealServers)
        {
            if (rs.Weight < 0)
            {
                return $"real server {Ipv4Format.ToString(rs.Address)}:{rs.Port} has a negative weight.";
            }
        }

        return spec.Persistence is { Timeout: var t } && t <= TimeSpan.Zero ? "persistence timeout must be positive." : null;
    }

    private sealed class ApplyCounts
    {
        public int ServicesAdded { get; set; }
        public int ServicesRemoved { get; set; }
        public int ServicesUpdated { get; set; }
        public int RealServersAdded { get; set; }
        public int RealServersRemoved { get; set; }
        public int WeightsChanged { get; set; }
        public int SchedulersRebuilt { get; set; }
        public int ConnectionsExpired { get; set; }
        public List<string> Errors { get; } = [];

        public ServiceTableChanges ToChanges() => new(
            ServicesAdded, ServicesRemoved, ServicesUpdated, RealServersAdded, RealServersRemoved,
            WeightsChanged, SchedulersRebuilt, ConnectionsExpired, Errors);
    }
}
