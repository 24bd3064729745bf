using System.Globalization;
using System.Net;

namespace LvsOperator.Sandbox.Cluster;

/// <summary>One node of the multi-node sandbox: its Kubernetes name, its network namespace and addresses.</summary>
public sealed record ClusterNode(int Index, string Namespace)
{
    /// <summary>The node's interface on the external L2.</summary>
    public const string ExternalInterface = "eth0";

    /// <summary>The bridge the node's pods hang off (as a CNI bridge plugin would call it).</summary>
    public const string PodBridge = "cbr0";

    /// <summary>The Node object's name and its kubernetes.io/hostname label: node1, node2, ...</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"node{Index}");

    /// <summary>The node's InternalIP on the external L2: 198.18.0.(10+k).</summary>
    public IPAddress Address => ClusterAddresses.Node(Index);

    public string PodCidr => ClusterAddresses.PodCidr(Index);

    /// <summary>The bridge's address inside the node namespace, every pod's default gateway.</summary>
    public IPAddress PodGateway => ClusterAddresses.PodGateway(Index);
}
