using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace LvsOperator.EndToEnd.Tests.Cluster;

/// <summary>Issue 8 §5.1: what a user does first — apply, wait for Ready, send traffic.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ApplyTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private const int Requests = 1000;

    [Fact]
    public async Task After_kubectl_wait_Ready_a_thousand_requests_all_succeed_reach_pods_on_several_nodes_and_each_pod_sees_the_client()
    {
        // targetPort by the Service's port name, a VIP and port of this test's own.
        var vs = new VirtualServiceManifest("e2e-apply", fixture.Vip(61).ToString(), 8000, "http");
        try
        {
            await fixture.Kubectl.ApplyAsync(vs.ToYaml());
            var wait = await fixture.WaitReadyAsync(vs.Name);
            Assert.True(wait.Succeeded, $"{wait}\n{fixture.Logs()}");

            var nodeOf = (await fixture.EchoPodsAsync()).ToDictionary(p => p.Metadata.Name, p => p.Spec.NodeName);
            var client = fixture.ClientAddress().ToString();
            var clock = Stopwatch.StartNew();
            var (answers, failures) = await EchoClient.AskManyAsync(fixture.Cluster.ClientNamespace, new IPEndPoint(IPAddress.Parse(vs.Vip), vs.Port), Requests, parallel: 8);
            var elapsed = clock.Elapsed;

            Assert.True(failures.Count == 0, $"{failures.Count} of {Requests} requests failed, e.g. {failures.FirstOrDefault()}");
            Assert.Equal(Requests, answers.Count);
            Assert.All(answers, a => Assert.Equal(client, a.Peer)); // NAT keeps the client's address: no SNAT anywhere
            Assert.All(answers, a => Assert.True(nodeOf.ContainsKey(a.Pod), $"{a.Pod} is not a running echo pod"));
            var perNode = answers.GroupBy(a => nodeOf[a.Pod]).OrderBy(g => g.Key).ToList();
            output.WriteLine($"{Requests} requests in {elapsed.TotalMilliseconds:F0} ms; per node: "
                + string.Join(", ", perNode.Select(g => $"{g.Key} {g.Count()}"))
                + "; per pod: " + string.Join(", ", answers.GroupBy(a => a.Pod).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
            Assert.True(perNode.Count >= 2, $"every request went to {perNode[0].Key}");
        }
        finally
        {
            await fixture.DeleteQuietlyAsync(vs.Name);
        }
    }
}
