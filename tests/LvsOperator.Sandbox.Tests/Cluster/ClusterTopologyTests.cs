using System.Net;
using k8s;
using k8s.Models;
using LvsOperator.Sandbox.Cluster;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;
using LvsOperator.Sandbox.Workloads.Echo;

namespace LvsOperator.Sandbox.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ClusterTopologyTests(ClusterFixture fixture)
{
    private readonly SandboxCluster _cluster = fixture.Cluster;

    [Fact]
    public async Task Nodes_reach_pods_on_other_nodes_through_the_pod_CIDR_routes_and_the_client_reaches_none()
    {
        var pods = await EchoPodsAsync();
        Assert.Equal(_cluster.Nodes.Select(n => n.Name).Order(), pods.Select(p => p.Spec.NodeName).Distinct().Order());
        foreach (var pod in pods)
        {
            var podIp = IPAddress.Parse(pod.Status.PodIP);
            var other = _cluster.Nodes.First(n => n.Name != pod.Spec.NodeName);

            // The pod sees the other node's own address: nothing rewrites traffic between nodes and pods.
            Assert.Equal($"{pod.Metadata.Name} {other.Address}\n", await NamespaceClient.ReadAllAsync(other.Namespace, podIp, EchoPorts.Http));
            var route = ProcessRunner.TryRunIn(_cluster.ClientNamespace, "ip", "route", "get", podIp.ToString());
            Assert.False(route.Succeeded, route.ToString());
            Assert.Contains("unreachable", route.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_namespace_belongs_to_the_run_and_pods_hang_off_their_node_bridge()
    {
        var prefix = $"lvs-{_cluster.Id}-";
        Assert.All([_cluster.ClientNamespace, _cluster.Topology.Lan, _cluster.Topology.Api, .. _cluster.Nodes.Select(n => n.Namespace)], ns =>
        {
            Assert.StartsWith(prefix, ns, StringComparison.Ordinal);
            Assert.True(NetworkNamespace.Exists(ns), ns);
        });
        foreach (var pod in await EchoPodsAsync())
        {
            var ns = _cluster.PodNetworkNamespace("default", pod.Metadata.Name)!;
            Assert.Equal($"{prefix}{pod.Metadata.Name}", ns);
            var node = _cluster.Nodes.Single(n => n.Name == pod.Spec.NodeName);
            var route = ProcessRunner.RunIn(ns, "ip", "route", "show", "default");
            Assert.Contains($"default via {node.PodGateway} dev eth0", route, StringComparison.Ordinal);
            Assert.StartsWith(node.PodCidr[..^4], pod.Status.PodIP, StringComparison.Ordinal); // 198.19.k.
        }

        var all = (await fixture.Client.CoreV1.ListPodForAllNamespacesAsync()).Items;
        foreach (var node in _cluster.Nodes)
        {
            Assert.Equal("1", ProcessRunner.RunIn(node.Namespace, "sysctl", "-n", "net.ipv4.ip_forward").Trim());
            var ports = ProcessRunner.RunIn(node.Namespace, "ip", "-o", "link", "show", "master", ClusterNode.PodBridge);
            var podNetworkPods = all.Count(p => p.Spec.NodeName == node.Name && p.Spec.HostNetwork != true);
            Assert.Equal(podNetworkPods, ports.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
    }

    [Fact]
    public void The_API_server_answers_inside_the_sandbox_at_its_own_address_with_the_same_certificate()
    {
        var kubeconfig = fixture.WriteInClusterAdminKubeconfig();
        foreach (var node in _cluster.Nodes)
        {
            var nodes = ProcessRunner.Execute(ProcessCommand.Of("/usr/bin/kubectl", "--kubeconfig", kubeconfig, "get", "nodes", "-o", "name").In(node.Namespace) with
            {
                Environment = new Dictionary<string, string?> { ["KUBECACHEDIR"] = Path.Combine(fixture.WorkDir, "kube-cache"), ["HOME"] = fixture.WorkDir },
            }).EnsureSuccess().Stdout;
            Assert.Equal(string.Join('\n', _cluster.Nodes.Select(n => $"node/{n.Name}")) + "\n", nodes);
        }
    }

    private async Task<List<V1Pod>> EchoPodsAsync() =>
        (await fixture.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=echo")).Items
            .Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.PodIP is not null).ToList();
}
