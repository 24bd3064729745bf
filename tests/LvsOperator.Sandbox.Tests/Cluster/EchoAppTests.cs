using System.Net;
using System.Text;
using k8s;
using LvsOperator.Sandbox.Workloads.Echo;

namespace LvsOperator.Sandbox.Tests.Cluster;

/// <summary>The echo app as a pod serves it, asked directly from a node namespace (no director in between).</summary>
[Collection(ClusterCollection.Name)]
public sealed class EchoAppTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Tcp_8080_answers_one_line_with_the_pod_name_and_the_peer_address_then_closes()
    {
        var (pod, ip, from) = await APodAndAnotherNodeAsync();

        var answer = await NamespaceClient.ReadAllAsync(from.Namespace, ip, EchoPorts.Http);

        Assert.Equal($"{pod} {from.Address}\n", answer);
    }

    [Fact]
    public async Task Udp_8081_echoes_each_datagram_prefixed_with_the_pod_name_and_the_peer_address()
    {
        var (pod, ip, from) = await APodAndAnotherNodeAsync();

        var first = await NamespaceClient.UdpAsync(from.Namespace, ip, EchoPorts.Udp, "hello 1");
        var second = await NamespaceClient.UdpAsync(from.Namespace, ip, EchoPorts.Udp, "and 2");

        Assert.Equal($"{pod} {from.Address} hello 1", first);
        Assert.Equal($"{pod} {from.Address} and 2", second);
    }

    [Fact]
    public async Task Tcp_8082_echoes_a_stream_until_the_client_closes()
    {
        var (_, ip, from) = await APodAndAnotherNodeAsync();
        var data = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i % 10}")));

        var back = await NamespaceClient.EchoAsync(from.Namespace, ip, EchoPorts.Stream, data);

        Assert.Equal(data, back);
    }

    private async Task<(string Pod, IPAddress Ip, LvsOperator.Sandbox.Cluster.ClusterNode From)> APodAndAnotherNodeAsync()
    {
        var pod = (await fixture.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=echo")).Items
            .First(p => p.Metadata.DeletionTimestamp is null && p.Status?.PodIP is not null);
        var from = fixture.Cluster.Nodes.First(n => n.Name != pod.Spec.NodeName);
        return (pod.Metadata.Name, IPAddress.Parse(pod.Status.PodIP), from);
    }
}
