using System.Net;
using LvsOperator.Api;
using LvsOperator.Sandbox.Directors;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Workloads;

namespace LvsOperator.NatBench;

/// <summary>
/// One director on a fresh e2e topology: VIP:80 rr over rs1..rs3 for the connection rate, VIP:81 to rs1 alone for
/// the single stream. Tears everything down even when a measurement throws.
/// </summary>
internal static class NatBenchmark
{
    private static readonly IPEndPoint RateVip = new(TopologyAddresses.Vip, 80);
    private static readonly IPEndPoint StreamVip = new(TopologyAddresses.Vip, 81);

    public static async Task<NatBenchResult> RunAsync(DirectorKind kind, NatBenchOptions options)
    {
        using var topology = NetnsTopology.Create();
        var servers = topology.RealServers.Select(rs => RealServerHost.Start(rs.Name, rs.Namespace)).ToList();
        try
        {
            await using var director = DirectorFactory.Create(kind, topology);
            await director.StartAsync(Services());

            // Warm-up: JIT on both ends, neighbour entries, the director's first connections.
            NatMeasurements.ConnectionRate(topology.Client, RateVip, TimeSpan.FromSeconds(0.5), options.Workers);
            NatMeasurements.SingleStreamBitsPerSecond(topology.Client, StreamVip, TimeSpan.FromSeconds(0.5));

            var streams = new List<double>();
            var rates = new List<double>();
            var failures = 0;
            for (var run = 0; run < options.Runs; run++)
            {
                streams.Add(NatMeasurements.SingleStreamBitsPerSecond(topology.Client, StreamVip, options.Duration));
                var (perSecond, failed) = NatMeasurements.ConnectionRate(topology.Client, RateVip, options.Duration, options.Workers);
                rates.Add(perSecond);
                failures += failed;
                Console.WriteLine($"  {kind} run {run + 1}: stream {streams[^1] / 1e9:F2} Gbit/s, {perSecond:F0} conn/s, {failed} failed");
            }

            return new NatBenchResult(kind, streams, rates, failures);
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static VirtualService[] Services()
    {
        var vip = TopologyAddresses.Vip.ToString();
        return
        [
            StandaloneServices.Create("rate", vip, new VirtualServicePort { Name = "http", Port = 80 }, SchedulerNames.RoundRobin, Backends(1, 2, 3)),
            StandaloneServices.Create("stream", vip, new VirtualServicePort { Name = "sink", Port = 81 }, SchedulerNames.RoundRobin, Backends(1)),
        ];

        static IEnumerable<StaticBackend> Backends(params int[] indexes) =>
            indexes.Select(i => StandaloneServices.Backend(TopologyAddresses.RealServer(i).ToString(), RealServerHost.TcpPort));
    }
}
