using System.Net;
using k8s;
using k8s.Models;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Tests.ApiServer.Kubectl;
using LvsOperator.Sandbox.Workloads.Echo;

namespace LvsOperator.Sandbox.Tests.Cluster;

/// <summary>The sandbox's EndpointSlice controller following Deployment echo as it scales, with graceful termination.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EndpointSliceTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Slices_follow_a_scale_up_and_a_scale_down_whose_pods_drain_through_their_grace_period()
    {
        var before = (await ActiveEchoPodsAsync()).Select(p => p.Metadata.Name).ToHashSet();
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // creationTimestamps have whole seconds: the new pods must be newer

        // Up through the /scale subresource, as kubectl scale does it.
        var kubectl = new KubectlRunner(fixture.KubeconfigPath, fixture.WorkDir);
        (await kubectl.RunAsync("scale", "deployment", "echo", "--replicas=4")).EnsureSuccess();
        var up = await Eventually.WaitAsync(async () => await EndpointsAsync() is { Count: 4 } e && e.All(x => x.Conditions.Ready == true) ? e : null, "4 ready endpoints");
        Assert.All(fixture.Cluster.Nodes, n => Assert.Equal(2, up.Count(e => e.NodeName == n.Name))); // least loaded first: 2 per node
        var pods = await ActiveEchoPodsAsync();
        Assert.All(up, e =>
        {
            var pod = Assert.Single(pods, p => p.Metadata.Name == e.TargetRef.Name);
            Assert.Equal((pod.Status.PodIP, pod.Spec.NodeName, pod.Metadata.Uid, "Pod"), (e.Addresses.Single(), e.NodeName, e.TargetRef.Uid, e.TargetRef.Kind));
        });
        var slice = Assert.Single(await SlicesAsync());
        Assert.Equal(["http/TCP/8080", "udp/UDP/8081", "stream/TCP/8082"], slice.Ports.Select(p => $"{p.Name}/{p.Protocol}/{p.Port}"));
        Assert.Equal("endpointslice-controller.k8s.io", slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]);

        // Down: the two newest pods terminate; during the grace period they still serve but are no longer ready.
        await fixture.Cluster.ScaleAsync("echo", 2);
        var draining = await Eventually.WaitAsync(async () => await EndpointsAsync() is var e && e.Count(x => x.Conditions.Terminating == true) == 2 ? e : null, "2 terminating endpoints");
        var leaving = draining.Where(e => e.Conditions.Terminating == true).ToList();
        Assert.Equal(up.Select(e => e.TargetRef.Name).Except(before).Order(), leaving.Select(e => e.TargetRef.Name).Order());
        Assert.All(leaving, e => Assert.Equal((false, true), (e.Conditions.Ready, e.Conditions.Serving)));
        var namespaces = leaving.Select(e => fixture.Cluster.PodNetworkNamespace("default", e.TargetRef.Name)!).ToList();
        foreach (var endpoint in leaving)
        {
            var from = fixture.Cluster.Nodes.First(n => n.Name != endpoint.NodeName);
            Assert.StartsWith(endpoint.TargetRef.Name, await NamespaceClient.ReadAllAsync(from.Namespace, IPAddress.Parse(endpoint.Addresses[0]), EchoPorts.Http), StringComparison.Ordinal);
        }

        // After the grace period the pods, their endpoints and their namespaces are gone.
        await Eventually.WaitAsync(async () => await EndpointsAsync() is { Count: 2 } e && e.All(x => x.Conditions.Ready == true), "2 ready endpoints");
        await Eventually.WaitAsync(async () => (await EchoPodsAsync()).Count == 2, "the terminating pods to go");
        Assert.All(namespaces, ns => Assert.False(NetworkNamespace.Exists(ns), ns));
    }

    [Fact]
    public async Task A_deleted_pod_keeps_its_open_connection_through_the_grace_period_and_is_replaced()
    {
        var pod = (await ActiveEchoPodsAsync())[0];
        var from = fixture.Cluster.Nodes.First(n => n.Name != pod.Spec.NodeName);
        using var stream = NamespaceClient.Tcp(from.Namespace);
        await stream.ConnectAsync(IPAddress.Parse(pod.Status.PodIP), EchoPorts.Stream);

        await fixture.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, "default");
        var terminating = await Eventually.WaitAsync(async () => (await EndpointsAsync()).FirstOrDefault(e => e.TargetRef.Name == pod.Metadata.Name && e.Conditions.Terminating == true), "the terminating endpoint");
        var echoed = new byte[5];
        await stream.SendAsync("still"u8.ToArray());
        await stream.ReceiveAsync(echoed);

        Assert.Equal((false, true), (terminating.Conditions.Ready, terminating.Conditions.Serving));
        Assert.Equal("still"u8.ToArray(), echoed);
        Assert.NotNull((await fixture.Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, "default")).Metadata.DeletionTimestamp);
        await Eventually.WaitAsync(async () => (await EndpointsAsync()) is { Count: 2 } e && e.All(x => x.Conditions.Ready == true && x.TargetRef.Name != pod.Metadata.Name), "a ready replacement");
        await Eventually.WaitAsync(async () => (await EchoPodsAsync()).All(p => p.Metadata.Name != pod.Metadata.Name), "the deleted pod to go");
        Assert.True(await ClosedByPeerAsync(stream)); // its server closed the connection when the grace period ended
    }

    private static async Task<bool> ClosedByPeerAsync(System.Net.Sockets.Socket socket)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            return await socket.ReceiveAsync(new byte[16], System.Net.Sockets.SocketFlags.None, bound.Token) == 0;
        }
        catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionReset)
        {
            return true;
        }
    }

    private async Task<List<V1EndpointSlice>> SlicesAsync() =>
        [.. (await fixture.Client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default", labelSelector: "kubernetes.io/service-name=echo")).Items];

    private async Task<List<V1Endpoint>> EndpointsAsync() => [.. (await SlicesAsync()).SelectMany(s => s.Endpoints ?? [])];

    private async Task<List<V1Pod>> EchoPodsAsync() =>
        [.. (await fixture.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=echo")).Items];

    private async Task<List<V1Pod>> ActiveEchoPodsAsync() =>
        [.. (await EchoPodsAsync()).Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.PodIP is not null)];
}
