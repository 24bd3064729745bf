using System.Collections.Concurrent;
using LvsOperator.Dataplane.Routing.Netlink;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Dataplane.Routing;

/// <summary>
/// Next hops from the kernel's routing and neighbour tables, cached for the forwarder. <see cref="TryResolve"/> is a
/// lock-free dictionary read; a miss queues the destination for the resolver's own thread, which asks the kernel
/// (see <see cref="RouteNeighbourQuery"/>) and publishes the answer. Every cached entry is looked up again each
/// <see cref="NextHopResolverOptions.RefreshInterval"/>, which also picks up link changes (MAC, MTU, routes); an entry
/// unused for <see cref="NextHopResolverOptions.IdleTimeout"/> is dropped then, so cache and refresh work stay
/// proportional to the active destinations. Use is stamped with a coarse epoch the resolver thread advances, so the
/// hot path reads no clock. Construct it in the director's network namespace: its netlink socket stays there.
/// </summary>
public sealed partial class NextHopResolver : INextHopResolver, IDisposable
{
    private readonly ConcurrentDictionary<uint, CachedNextHop> _resolved = new();
    private readonly ConcurrentDictionary<uint, PendingDestination> _pending = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly RouteNetlinkSocket _netlink;
    private readonly RouteNeighbourQuery _query;
    private readonly NextHopResolverOptions _options;
    private readonly ILogger<NextHopResolver> _logger;
    private readonly RouteWarnings _warnings;
    private readonly TimeProvider _time;
    private readonly Thread _thread;
    private volatile InterfaceTable _interfaces;
    private volatile bool _stopping;
    private long _epoch;
    private int _pendingCount;

    public NextHopResolver(IOptions<NextHopResolverOptions> options, ILogger<NextHopResolver> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        _options = options.Value;
        _logger = logger;
        _time = time;
        _warnings = new RouteWarnings(logger, time, _options.WarningInterval);
        _netlink = new RouteNetlinkSocket();
        _query = new RouteNeighbourQuery(_netlink);
        _interfaces = InterfaceTable.Load(_netlink);
        _thread = new Thread(Run) { IsBackground = true, Name = "lvs next-hop resolver" };
        _thread.Start();
    }

    /// <summary>The interface snapshot the resolver last loaded.</summary>
    public InterfaceTable Interfaces => _interfaces;

    public bool TryResolve(uint destinationAddress, out NextHop nextHop)
    {
        if (_resolved.TryGetValue(destinationAddress, out var cached))
        {
            cached.LastUsedEpoch = Volatile.Read(ref _epoch);
            nextHop = cached.NextHop;
            return true;
        }

        nextHop = default;
        if (Volatile.Read(ref _pendingCount) < _options.MaxPending
            && !_pending.ContainsKey(destinationAddress)
            && _pending.TryAdd(destinationAddress, new PendingDestination(_time.GetTimestamp(), Failed: false)))
        {
            Interlocked.Increment(ref _pendingCount);
            _wake.Set();
        }

        return false;
    }

    /// <summary>Destinations cached now (for metrics and tests).</summary>
    public int CachedCount => _resolved.Count;

    private void Run()
    {
        var nextRefresh = _time.GetTimestamp() + Ticks(_options.RefreshInterval);
        while (!_stopping)
        {
            var wait = _pending.IsEmpty ? _options.RefreshInterval : _options.RetryInterval;
            _wake.WaitOne(wait);
            if (_stopping)
            {
                break;
            }

            try
            {
                var now = _time.GetTimestamp();
                if (now >= nextRefresh)
                {
                    Refresh();
                    nextRefresh = now + Ticks(_options.RefreshInterval);
                }

                ResolvePending(now);
                _warnings.Flush();
            }
            catch (IOException e)
            {
                LogNetlinkFailed(_logger, e);
            }
        }
    }

    private void Refresh()
    {
        _interfaces = InterfaceTable.Load(_netlink);
        var epoch = Interlocked.Increment(ref _epoch);
        var idleEpochs = Math.Max(1, (long)Math.Ceiling(_options.IdleTimeout / _options.RefreshInterval));
        foreach (var (destination, cached) in _resolved)
        {
            if (epoch - cached.LastUsedEpoch > idleEpochs)
            {
                _resolved.TryRemove(destination, out _);
                continue;
            }

            switch (_query.Lookup(destination, _interfaces, out var nextHop))
            {
                case NeighbourLookup.Resolved when nextHop != cached.NextHop:
                    _resolved[destination] = new CachedNextHop(nextHop) { LastUsedEpoch = cached.LastUsedEpoch };
                    break;
                case NeighbourLookup.NoRoute:
                    _resolved.TryRemove(destination, out _);
                    _warnings.RouteGone(destination);
                    break;

                    // Pending: keep the old MAC while the kernel re-confirms it; a FAILED probe shows up as no MAC later.
            }
        }
    }

    private void ResolvePending(long now)
    {
        foreach (var (destination, state) in _pending)
        {
            if (state.Failed)
            {
                if (_time.GetElapsedTime(state.Since, now) >= _options.NegativeTtl)
                {
                    Forget(destination);
                }

                continue;
            }

            switch (_query.Lookup(destination, _interfaces, out var nextHop))
            {
                case NeighbourLookup.Resolved:
                    _resolved[destination] = new CachedNextHop(nextHop) { LastUsedEpoch = Volatile.Read(ref _epoch) };
                    Forget(destination);
                    if (_logger.IsEnabled(LogLevel.Debug))
                    {
                        var text = Packets.Ipv4Format.ToString(destination);
                        LogResolved(_logger, text, nextHop.InterfaceIndex, nextHop.DestinationMac);
                    }
                    break;
                case NeighbourLookup.NoRoute:
                    _pending[destination] = new PendingDestination(now, Failed: true);
                    _warnings.NoRoute(destination);
                    break;
                case NeighbourLookup.Pending when _time.GetElapsedTime(state.Since, now) >= _options.ResolveTimeout:
                    _pending[destination] = new PendingDestination(now, Failed: true);
                    _warnings.NeighbourUnresolved(destination);
                    break;
            }
        }
    }

    private void Forget(uint pendingDestination)
    {
        if (_pending.TryRemove(pendingDestination, out _))
        {
            Interlocked.Decrement(ref _pendingCount);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _thread.Join(TimeSpan.FromSeconds(5));
        _netlink.Dispose();
        _wake.Dispose();
    }

    private readonly record struct PendingDestination(long Since, bool Failed);

    /// <summary>A cached answer; replaced, never edited, when the answer changes, so readers never see a torn next hop.</summary>
    private sealed class CachedNextHop(NextHop nextHop)
    {
        public NextHop NextHop { get; } = nextHop;

        public long LastUsedEpoch;
    }
}
