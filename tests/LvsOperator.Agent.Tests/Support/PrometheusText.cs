using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LvsOperator.Agent.Metrics;

namespace LvsOperator.Agent.Tests.Support;

/// <summary>
/// A strict reader of the Prometheus text format, to parse the agent's /metrics back: every sample must follow its
/// family's HELP and TYPE, names and labels must be well formed, values numeric, and no series may repeat.
/// </summary>
internal static partial class PrometheusText
{
    /// <summary>One scrape of <paramref name="metrics"/>, parsed.</summary>
    public static async Task<IReadOnlyList<MetricSample>> ScrapeAsync(AgentMetrics metrics)
    {
        using var body = new MemoryStream();
        await metrics.WriteAsync(body, CancellationToken.None);
        return Parse(Encoding.UTF8.GetString(body.ToArray()));
    }

    public static IReadOnlyList<MetricSample> Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var samples = new List<MetricSample>();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var name = line[7..].Split(' ')[0];
                Assert.True(helps.Add(name), $"HELP for {name} twice");
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                Assert.Contains(parts[1], new[] { "counter", "gauge", "untyped", "histogram", "summary" });
                Assert.True(types.TryAdd(parts[0], parts[1]), $"TYPE for {parts[0]} twice");
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: {line}");
            var metric = match.Groups["name"].Value;
            Assert.True(types.ContainsKey(metric) && helps.Contains(metric), $"{metric} has no HELP/TYPE before its samples");
            var labels = ParseLabels(match.Groups["labels"].Value);
            var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            var series = metric + "{" + string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
            Assert.True(seen.Add(series), $"series {series} repeated");
            if (types[metric] == "counter")
            {
                Assert.True(value >= 0, $"counter {series} is negative");
            }

            samples.Add(new MetricSample(metric, labels, value));
        }

        return samples;
    }

    private static Dictionary<string, string> ParseLabels(string text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        int i = 0;
        while (i < text.Length)
        {
            int equals = text.IndexOf('=', i);
            var name = text[i..equals];
            Assert.Matches("^[a-zA-Z_][a-zA-Z0-9_]*$", name);
            Assert.Equal('"', text[equals + 1]);
            var value = new StringBuilder();
            int j = equals + 2;
            for (; text[j] != '"'; j++)
            {
                if (text[j] == '\\')
                {
                    j++;
                    value.Append(text[j] switch
                    {
                        'n' => '\n',
                        '\\' => '\\',
                        '"' => '"',
                        var other => throw new FormatException($"bad escape \\{other}"),
                    });
                }
                else
                {
                    value.Append(text[j]);
                }
            }

            Assert.True(labels.TryAdd(name, value.ToString()), $"label {name} twice");
            i = j + 1;
            if (i < text.Length)
            {
                Assert.Equal(',', text[i]);
                i++;
            }
        }

        return labels;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>-?[0-9.eE+]+|NaN|\+Inf|-Inf)$")]
    private static partial Regex SampleLine();
}
