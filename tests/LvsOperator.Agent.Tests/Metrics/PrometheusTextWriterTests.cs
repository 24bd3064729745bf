using LvsOperator.Agent.Metrics;
using LvsOperator.Agent.Tests.Support;

namespace LvsOperator.Agent.Tests.Metrics;

public sealed class PrometheusTextWriterTests
{
    [Fact]
    public void Writes_help_type_and_samples_that_parse_back_with_escaped_label_values()
    {
        var writer = new PrometheusTextWriter();
        writer.Family("demo_total", "counter", "A demo\ncounter with a \\ in its help.");
        writer.Sample("demo_total", 42, ("path", "C:\\dir"), ("quote", "say \"hi\""), ("lines", "a\nb"));
        writer.Sample("demo_total", 0);

        var samples = PrometheusText.Parse(writer.ToString());

        Assert.Equal(2, samples.Count);
        Assert.Equal(42, samples[0].Value);
        Assert.Equal("C:\\dir", samples[0].Labels["path"]);
        Assert.Equal("say \"hi\"", samples[0].Labels["quote"]);
        Assert.Equal("a\nb", samples[0].Labels["lines"]);
        Assert.Empty(samples[1].Labels);
        Assert.Contains("# HELP demo_total A demo\\ncounter with a \\\\ in its help.\n", writer.ToString(), StringComparison.Ordinal);
    }
}
