using System.Net;
using System.Security.Cryptography;
using System.Text;
using LvsOperator.Sandbox.Cluster;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// A pod's network, as a CNI bridge plugin would make it: its own namespace with eth0 (its address /24, default via
/// the node's bridge) and the other end of the veth, vethXXXXXXXX, a port of the node's cbr0. A hostNetwork pod has
/// none of it: it runs in the node's namespace with the node's address. Disposing deletes the pod's namespace (which
/// takes the veth pair with it) and returns the address.
/// </summary>
internal sealed class PodNetwork : IDisposable
{
    private readonly NamespaceSet _namespaces;
    private readonly PodAddressPool? _pool;

    private PodNetwork(NamespaceSet namespaces, string networkNamespace, IPAddress address, PodAddressPool? pool)
    {
        _namespaces = namespaces;
        NetworkNamespace = networkNamespace;
        Address = address;
        _pool = pool;
    }

    /// <summary>Where the pod's processes and sockets live.</summary>
    public string NetworkNamespace { get; }

    /// <summary>status.podIP.</summary>
    public IPAddress Address { get; }

    public bool IsHostNetwork => _pool is null;

    public static PodNetwork HostNetwork(NamespaceSet namespaces, ClusterNode node) => new(namespaces, node.Namespace, node.Address, pool: null);

    public static PodNetwork Create(NamespaceSet namespaces, ClusterNode node, PodAddressPool pool, string podNamespace, string podName, string podUid)
    {
        var address = pool.Allocate();
        var name = namespaces.Add(Role(podNamespace, podName));
        var network = new PodNetwork(namespaces, name, address, pool);
        try
        {
            var hostSide = "veth" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(podUid)).AsSpan(0, 4));
            ProcessRunner.Run("ip", "link", "add", hostSide, "netns", node.Namespace, "type", "veth", "peer", "eth0", "netns", name);
            ProcessRunner.Run("ip", "-n", node.Namespace, "link", "set", hostSide, "master", ClusterNode.PodBridge, "up");
            ProcessRunner.Run("ip", "-n", name, "addr", "add", $"{address}/24", "dev", "eth0");
            ProcessRunner.Run("ip", "-n", name, "link", "set", "eth0", "up");
            ProcessRunner.Run("ip", "-n", name, "route", "add", "default", "via", node.PodGateway.ToString());
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>
    /// lvs-ID-POD for pods of namespace default, lvs-ID-NAMESPACE.POD for the others. Namespace names have no dots and
    /// the sandbox's own roles (lan, client, api, nodeK) none either, so two pods never share a name, nor a pod a role.
    /// </summary>
    public static string Role(string podNamespace, string podName) =>
        podNamespace == "default" && !podName.Contains('.', StringComparison.Ordinal) && !IsSandboxRole(podName)
            ? podName
            : $"{podNamespace}.{podName}";

    public void Dispose()
    {
        if (_pool is not null)
        {
            _namespaces.Remove(NetworkNamespace);
            _pool.Release(Address);
        }
    }

    private static bool IsSandboxRole(string name) =>
        name is "lan" or "client" or "api" || (name.StartsWith("node", StringComparison.Ordinal) && name[4..].All(char.IsAsciiDigit));
}
