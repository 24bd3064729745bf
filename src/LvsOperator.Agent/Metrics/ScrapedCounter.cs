using Prometheus;

namespace LvsOperator.Agent.Metrics;

/// <summary>
/// A labelled counter family set to the data plane's running totals at every scrape, for the few series labelled by
/// reason, outcome or interface. A series not published since the last <see cref="Sweep"/> is removed (an interface
/// that went away); a total that went back starts a new series, as Prometheus reads a counter reset, because
/// prometheus-net counters only go up.
/// </summary>
internal sealed class ScrapedCounter(Counter counter)
{
    private readonly HashSet<string> _published = new(StringComparer.Ordinal);

    public void Publish(long total, params string[] labels)
    {
        _published.Add(Key(labels));
        var series = counter.WithLabels(labels);
        if (total < series.Value)
        {
            counter.RemoveLabelled(labels);
            series = counter.WithLabels(labels);
        }

        series.IncTo(total);
    }

    public void Sweep()
    {
        foreach (var labels in counter.GetAllLabelValues().ToArray())
        {
            if (!_published.Contains(Key(labels)))
            {
                counter.RemoveLabelled(labels);
            }
        }

        _published.Clear();
    }

    // Label values are addresses, names and enum words: none contains U+0001.
    private static string Key(string[] labels) => string.Join('\u0001', labels);
}
