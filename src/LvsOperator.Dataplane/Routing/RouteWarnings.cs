using LvsOperator.Dataplane.Packets;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Dataplane.Routing;

/// <summary>
/// The resolver's per-destination warnings (no route, neighbour unresolved, route gone), rate-limited. Logged one by
/// one they scale with the traffic, not with the problem: a flood of spoofed sources made 27,919 "No route" lines in
/// 30 s. So each kind logs the first destination of a quiet spell as it happens, counts those that follow within
/// <see cref="Interval"/>, and sums them up in one line once it has passed ("N more destinations had no route in the
/// last 10 s, e.g. 198.18.7.9"). Time comes from the <see cref="TimeProvider"/>; used by the resolver thread only.
/// </summary>
internal sealed partial class RouteWarnings
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Spell _noRoute;
    private readonly Spell _unresolved;
    private readonly Spell _routeGone;

    public RouteWarnings(ILogger logger, TimeProvider time, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _logger = logger;
        _time = time;
        Interval = interval;
        _noRoute = new Spell(LogNoRoute, LogNoRouteSummary);
        _unresolved = new Spell(LogNeighbourUnresolved, LogNeighbourUnresolvedSummary);
        _routeGone = new Spell(LogRouteGone, LogRouteGoneSummary);
    }

    public TimeSpan Interval { get; }

    public void NoRoute(uint destination) => Record(_noRoute, destination);

    public void NeighbourUnresolved(uint destination) => Record(_unresolved, destination);

    public void RouteGone(uint destination) => Record(_routeGone, destination);

    /// <summary>Writes the summary of every spell whose interval has passed; call it now and then (each resolver turn).</summary>
    public void Flush()
    {
        long now = _time.GetTimestamp();
        Close(_noRoute, now);
        Close(_unresolved, now);
        Close(_routeGone, now);
    }

    private void Record(Spell spell, uint destination)
    {
        long now = _time.GetTimestamp();
        Close(spell, now);
        if (spell.IsOpen)
        {
            if (spell.Suppressed++ == 0)
            {
                spell.Example = destination;
            }

            return;
        }

        spell.IsOpen = true;
        spell.Start = now;
        spell.One(_logger, Ipv4Format.ToString(destination));
    }

    private void Close(Spell spell, long now)
    {
        if (!spell.IsOpen || _time.GetElapsedTime(spell.Start, now) < Interval)
        {
            return;
        }

        if (spell.Suppressed > 0)
        {
            spell.Summary(_logger, spell.Suppressed, Interval.TotalSeconds, Ipv4Format.ToString(spell.Example));
        }

        spell.IsOpen = false;
        spell.Suppressed = 0;
    }

    /// <summary>One kind of warning: its two messages, and the spell it is in.</summary>
    private sealed class Spell(Action<ILogger, string> one, Action<ILogger, int, double, string> summary)
    {
        public Action<ILogger, string> One { get; } = one;

        public Action<ILogger, int, double, string> Summary { get; } = summary;

        public bool IsOpen { get; set; }

        public long Start { get; set; }

        public int Suppressed { get; set; }

        public uint Example { get; set; }
    }
}
