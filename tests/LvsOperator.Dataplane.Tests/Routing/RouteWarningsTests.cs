using LvsOperator.Dataplane.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Dataplane.Tests.Routing;

public sealed class RouteWarningsTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();
    private readonly CapturingLogger _logger = new();
    private readonly RouteWarnings _warnings;

    public RouteWarningsTests() => _warnings = new RouteWarnings(_logger, _time, Interval);

    private static uint Spoofed(int n) => 0xC612_0000u + (uint)n; // 198.18.x.y

    /// <summary>The run that prompted this: 27,919 spoofed sources in 30 s, each with no route.</summary>
    [Fact]
    public void A_flood_of_destinations_without_a_route_is_a_line_and_a_count_per_interval()
    {
        for (int i = 0; i < 27_919; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1)); // ~28 s in all
            _warnings.NoRoute(Spoofed(i));
            _warnings.Flush();
        }

        _time.Advance(Interval);
        _warnings.Flush();

        // Three intervals: each opens with one destination named and closes with the count of the rest.
        Assert.Equal(6, _logger.Lines.Count);
        Assert.All(_logger.Lines, line => Assert.Equal(LogLevel.Warning, line.Level));
        Assert.Equal("No route to 198.18.0.0", _logger.Lines[0].Message);
        Assert.Equal("9999 more destinations had no route in the last 10 s, e.g. 198.18.0.1", _logger.Lines[1].Message);
        var counted = _logger.Lines.Where((_, i) => i % 2 == 1).Sum(l => int.Parse(l.Message.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(27_919, counted + 3);
    }

    [Fact]
    public void A_single_failure_is_logged_at_once_and_alone()
    {
        _warnings.NoRoute(Spoofed(7));
        _time.Advance(Interval * 3);
        _warnings.Flush();

        Assert.Equal(["No route to 198.18.0.7"], _logger.Lines.Select(l => l.Message));
    }

    [Fact]
    public void Each_kind_has_its_own_interval()
    {
        _warnings.NoRoute(Spoofed(1));
        _warnings.NeighbourUnresolved(Spoofed(2));
        _warnings.NeighbourUnresolved(Spoofed(3));
        _warnings.RouteGone(Spoofed(4));
        _time.Advance(Interval);
        _warnings.Flush();

        Assert.Equal(
            [
                "No route to 198.18.0.1",
                "Neighbour for 198.18.0.2 did not resolve",
                "Route to 198.18.0.4 is gone; next hop forgotten",
                "1 more neighbours did not resolve in the last 10 s, e.g. 198.18.0.3",
            ],
            _logger.Lines.Select(l => l.Message));
    }

    [Fact]
    public void A_failure_after_a_quiet_interval_is_named_again()
    {
        _warnings.NoRoute(Spoofed(1));
        _warnings.NoRoute(Spoofed(2));
        _time.Advance(Interval + TimeSpan.FromSeconds(5));
        _warnings.NoRoute(Spoofed(3)); // the summary of the last interval comes first, even without a Flush

        Assert.Equal(
            ["No route to 198.18.0.1", "1 more destinations had no route in the last 10 s, e.g. 198.18.0.2", "No route to 198.18.0.3"],
            _logger.Lines.Select(l => l.Message));
    }
}
