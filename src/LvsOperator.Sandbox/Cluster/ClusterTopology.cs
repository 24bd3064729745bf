using System.Globalization;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;

namespace LvsOperator.Sandbox.Cluster;

/// <summary>
/// The multi-node sandbox's namespaces and links (ARCHITECTURE.md §4):
/// <code>
/// lvs-ID-lan      bridge lan0: the external L2 198.18.0.0/24, one veth port per namespace below
/// lvs-ID-client   eth0 198.18.0.2/24 (no route to the pod CIDRs: it reaches pods only through a VIP)
/// lvs-ID-api      eth0 198.18.0.250/24, routes to every pod CIDR via its node (the API server's in-sandbox address)
/// lvs-ID-nodeK    eth0 198.18.0.(10+K)/24, ip_forward=1, bridge cbr0 198.19.K.1/24, 198.19.J.0/24 via 198.18.0.(10+J)
/// </code>
/// Pods' namespaces are added later by the kubelets. Everything lives in namespaces of one <see cref="NamespaceSet"/>:
/// no host interface, route or sysctl is touched, and disposing the set removes it all.
/// </summary>
public sealed class ClusterTopology
{
    private const string LanBridge = "lan0";

    private ClusterTopology(NamespaceSet namespaces, int nodeCount)
    {
        Namespaces = namespaces;
        Lan = namespaces.NameOf("lan");
        Client = namespaces.NameOf("client");
        Api = namespaces.NameOf("api");
        Nodes = [.. Enumerable.Range(1, nodeCount).Select(k => new ClusterNode(k, namespaces.NameOf(string.Create(CultureInfo.InvariantCulture, $"node{k}"))))];
    }

    public NamespaceSet Namespaces { get; }

    public string Lan { get; }

    public string Client { get; }

    public string Api { get; }

    public IReadOnlyList<ClusterNode> Nodes { get; }

    /// <summary>The client's interface on the external L2.</summary>
    public static string ClientInterface => "eth0";

    /// <summary>Builds the namespaces into <paramref name="namespaces"/>; on failure the caller disposes the set.</summary>
    public static ClusterTopology Build(NamespaceSet namespaces, int nodeCount)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodeCount, ClusterAddresses.MaxNodes);
        var topology = new ClusterTopology(namespaces, nodeCount);
        topology.BuildLinks();
        return topology;
    }

    private void BuildLinks()
    {
        Namespaces.Add("lan");
        Ip(Lan, "link", "add", LanBridge, "type", "bridge");
        Ip(Lan, "link", "set", LanBridge, "up");

        Namespaces.Add("client");
        Attach(Client, "client", ClusterAddresses.Client.ToString());

        Namespaces.Add("api");
        Attach(Api, "api", ClusterAddresses.ApiServer.ToString());

        foreach (var node in Nodes)
        {
            Namespaces.Add(node.Name);
            Attach(node.Namespace, node.Name, node.Address.ToString());
            ProcessRunner.RunIn(node.Namespace, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1"); // as on every Kubernetes node
            Ip(node.Namespace, "link", "add", ClusterNode.PodBridge, "type", "bridge");
            Ip(node.Namespace, "addr", "add", $"{node.PodGateway}/24", "dev", ClusterNode.PodBridge);
            Ip(node.Namespace, "link", "set", ClusterNode.PodBridge, "up");
        }

        foreach (var node in Nodes)
        {
            // The API namespace answers pods that are not on the host network (the operator's) through their node.
            Ip(Api, "route", "add", node.PodCidr, "via", node.Address.ToString());
            foreach (var other in Nodes.Where(n => n != node))
            {
                Ip(node.Namespace, "route", "add", other.PodCidr, "via", other.Address.ToString());
            }
        }
    }

    /// <summary>A veth from <paramref name="ns"/> (eth0, the address in the LAN) to a port of the LAN bridge named <paramref name="port"/>.</summary>
    private void Attach(string ns, string port, string address)
    {
        Namespaces.AddVeth(ns, "eth0", $"{address}/{ClusterAddresses.LanPrefixLength}", Lan, port, cidrB: null);
        Ip(Lan, "link", "set", port, "master", LanBridge);
    }

    private static void Ip(string ns, params string[] args) => ProcessRunner.Run("ip", ["-n", ns, .. args]);
}
