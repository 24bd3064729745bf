using BenchmarkDotNet.Attributes;
using LvsOperator.Agent.Metrics;
using LvsOperator.Agent.Status;

namespace LvsOperator.Benchmarks;

/// <summary>
/// One /metrics scrape, rendered to UTF-8 bytes as the endpoint sends them: 9 series per real server, plus drops by
/// reason, interfaces and config gauges. 10 real servers is a small director, 10,000 a very large one.
/// </summary>
[MemoryDiagnoser]
public class AgentMetricsBenchmarks
{
    private readonly MemoryStream _body = new();
    private AgentMetrics _metrics = null!;

    [Params(10, 1_000, 10_000)]
    public int RealServers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var services = Math.Max(1, RealServers / 10);
        _metrics = new AgentMetrics(new StaticDataplane(services, RealServers / services), new AgentState(TimeProvider.System));
    }

    [Benchmark]
    public async Task<long> Scrape()
    {
        _body.SetLength(0);
        await _metrics.WriteAsync(_body, CancellationToken.None);
        return _body.Length;
    }
}
