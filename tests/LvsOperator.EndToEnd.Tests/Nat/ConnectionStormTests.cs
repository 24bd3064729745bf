using System.Diagnostics;
using LvsOperator.EndToEnd.Tests.Harness;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Workloads;

namespace LvsOperator.EndToEnd.Tests.Nat;

/// <summary>Proof 8: 10,000 short connections, four at a time, all succeed.</summary>
[Collection(NetnsCollection.Name)]
public sealed class ConnectionStormTests(DirectorFixture fixture) : IClassFixture<DirectorFixture>
{
    private const int Workers = 4;
    private const int PerWorker = 2500;

    /// <summary>A safety bound, not a performance target: a hung forwarder fails the test instead of the CI job.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task TenThousandShortConnectionsCompleteWithZeroFailures()
    {
        await fixture.ProgramAsync(Services.Web("rr", 1, 2, 3));
        var clock = Stopwatch.StartNew();

        var results = await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => NetworkNamespace.RunAsync(fixture.Topology.Client, () =>
        {
            var result = new WorkerResult();
            for (var i = 0; i < PerWorker && clock.Elapsed < Bound; i++)
            {
                try
                {
                    var exchange = VipClient.HttpGet(Services.WebVip);
                    result.Served[exchange.ServedBy.RealServer] = result.Served.GetValueOrDefault(exchange.ServedBy.RealServer) + 1;
                }
                catch (Exception e)
                {
                    result.Failures.Add(e.GetType().Name + ": " + e.Message);
                }
            }

            return result;
        })));

        var failures = results.SelectMany(r => r.Failures).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} failures, first: {string.Join(" | ", failures.Take(5))}");
        var served = results.SelectMany(r => r.Served).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        Assert.Equal(Workers * PerWorker, served.Values.Sum()); // fewer means the time bound cut the run short
        Assert.Equal(new[] { "rs1", "rs2", "rs3" }, served.Keys.Order());
    }

    private sealed class WorkerResult
    {
        public Dictionary<string, int> Served { get; } = [];

        public List<string> Failures { get; } = [];
    }
}
