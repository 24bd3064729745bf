using k8s.Models;
using LvsOperator.Kubernetes.LeaderElection;
using LvsOperator.Operator.Resolution;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Operator.Controller;

/// <summary>
/// Which agents are alive, from their heartbeat Leases <c>lvs-agent-&lt;node&gt;</c> (holderIdentity = the node),
/// judged as leader election judges a Lease: an agent is live while its Lease record (holder, times, duration,
/// transitions) last changed less than its leaseDuration ago <b>on the operator's monotonic clock</b>, from when the
/// operator saw that change. The agents' renewTime is the agents' wall clock and is never compared with ours, so a
/// skewed node clock cannot make a dead agent look alive or a live one dead. The price: a Lease seen for the first
/// time (at operator start) counts as fresh for one duration, so a dead agent's entries wait that much longer.
/// A released (empty holder) or deleted Lease ends liveness at once. An agent not live for <c>goneAfter</c> (30 s) —
/// or never seen live since the operator started — is gone: its director entries are stale.
/// <para>
/// Renewals that keep an agent live change nothing downstream; <see cref="Changed"/> fires only on a transition
/// (live, lapsed, gone), from a timer set to the next moment one can happen, so every 2 s of every agent's renewals
/// do not turn into reconciles of every VirtualService. <c>Changed(null)</c> says every never-seen agent just became
/// gone (the startup grace ended).
/// </para>
/// </summary>
internal sealed partial class AgentHeartbeats : IAgentLiveness, IDisposable
{
    public const string LeasePrefix = "lvs-agent-";

    /// <summary>For a heartbeat Lease without leaseDurationSeconds: the agents' default.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(6);

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _goneAfter;
    private readonly long _started;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Heartbeat> _agents = new(StringComparer.Ordinal);
    private readonly ITimer _timer;
    private bool _graceOver;

    public AgentHeartbeats(TimeSpan goneAfter, ILogger<AgentHeartbeats> logger, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(goneAfter, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _goneAfter = goneAfter;
        _started = _time.GetTimestamp();
        _timer = _time.CreateTimer(_ => Evaluate(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Evaluate();
    }

    /// <summary>An agent's status changed (node name), or every never-seen agent became gone (null). Keep handlers short.</summary>
    public event Action<string?>? Changed;

    /// <summary>The node a heartbeat Lease speaks for, or null for any other Lease in the namespace.</summary>
    public static string? NodeOf(V1Lease lease) =>
        lease?.Metadata?.Name is { } name && name.Length > LeasePrefix.Length && name.StartsWith(LeasePrefix, StringComparison.Ordinal)
            ? name[LeasePrefix.Length..]
            : null;

    public int LiveCount
    {
        get
        {
            lock (_lock)
            {
                var now = _time.GetTimestamp();
                var live = 0;
                foreach (var (node, heartbeat) in _agents)
                {
                    live += StatusOf(node, heartbeat, now).Live ? 1 : 0;
                }

                return live;
            }
        }
    }

    public AgentStatus Of(string nodeName)
    {
        ArgumentNullException.ThrowIfNull(nodeName);
        lock (_lock)
        {
            return StatusOf(nodeName, _agents.GetValueOrDefault(nodeName), _time.GetTimestamp());
        }
    }

    /// <summary>A heartbeat Lease was added or updated (other Leases are ignored).</summary>
    public void Observe(V1Lease lease)
    {
        if (NodeOf(lease) is not { } node)
        {
            return;
        }

        var record = LeaseRecord.From(lease);
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var heartbeat = Track(node);
            if (heartbeat.Record != record)
            {
                heartbeat.Record = record;
                heartbeat.LiveUntil = record.Holder == node
                    ? now + Ticks(record.Duration(DefaultDuration))
                    : Math.Min(heartbeat.LiveUntil, now);
            }
        }

        Evaluate();
    }

    /// <summary>A heartbeat Lease was deleted: the agent let go (or someone removed it); not live from now on.</summary>
    public void Forget(V1Lease lease)
    {
        if (NodeOf(lease) is not { } node)
        {
            return;
        }

        lock (_lock)
        {
            var heartbeat = Track(node);
            heartbeat.Record = null;
            heartbeat.LiveUntil = Math.Min(heartbeat.LiveUntil, _time.GetTimestamp());
        }

        Evaluate();
    }

    public void Dispose() => _timer.Dispose();

    private Heartbeat Track(string node)
    {
        if (!_agents.TryGetValue(node, out var heartbeat))
        {
            // Never live before: its time to be gone counts from our start, like an agent we never heard of.
            heartbeat = new Heartbeat { LiveUntil = _started };
            _agents.Add(node, heartbeat);
        }

        return heartbeat;
    }

    private AgentStatus StatusOf(string node, Heartbeat? heartbeat, long now)
    {
        var liveUntil = heartbeat?.LiveUntil ?? _started;
        var held = heartbeat?.Record?.Holder == node;
        var live = held && now < liveUntil;
        var gone = !live && now - liveUntil >= Ticks(_goneAfter);
        return new AgentStatus(live, held && !live, gone);
    }

    // Publishes transitions and arms the timer for the next moment one can happen.
    private void Evaluate()
    {
        var changed = new List<string?>();
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var goneAfter = Ticks(_goneAfter);
            var next = long.MaxValue;
            if (!_graceOver)
            {
                if (now - _started >= goneAfter)
                {
                    _graceOver = true;
                    changed.Add(null);
                }
                else
                {
                    next = _started + goneAfter;
                }
            }

            foreach (var (node, heartbeat) in _agents)
            {
                var status = StatusOf(node, heartbeat, now);
                if (status != heartbeat.Published)
                {
                    heartbeat.Published = status;
                    changed.Add(node);
                }

                if (status.Live)
                {
                    next = Math.Min(next, heartbeat.LiveUntil);
                }
                else if (!status.Gone)
                {
                    next = Math.Min(next, heartbeat.LiveUntil + goneAfter);
                }
            }

            var due = next == long.MaxValue
                ? Timeout.InfiniteTimeSpan
                : TimeSpan.FromSeconds(Math.Max(next - now, 1) / (double)_time.TimestampFrequency);
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }

        foreach (var node in changed)
        {
            LogChanged(_logger, node ?? "(every agent never seen)", node is null ? "gone" : Describe(Of(node)));
            try
            {
                Changed?.Invoke(node);
            }
#pragma warning disable CA1031 // runs on a timer thread too, where an exception would end the process
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogHandlerFailed(_logger, e, node ?? "(all)");
            }
        }
    }

    private static string Describe(AgentStatus status) => status switch
    {
        { Live: true } => "live",
        { Gone: true } => "gone",
        { Lapsed: true } => "lapsed",
        _ => "not live",
    };

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private sealed class Heartbeat
    {
        public LeaseRecord? Record { get; set; }

        /// <summary>Our timestamp until which the agent is live; for a released or deleted Lease, when it stopped being live.</summary>
        public long LiveUntil { get; set; }

        public AgentStatus Published { get; set; }
    }
}
