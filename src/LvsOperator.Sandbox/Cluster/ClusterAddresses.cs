using System.Globalization;
using System.Net;

namespace LvsOperator.Sandbox.Cluster;

/// <summary>
/// The multi-node sandbox's address plan. The external L2 is 198.18.0.0/24: the client is .2, node k is .(10+k), the
/// API server's in-sandbox address is .250; every other host address of the /24 is free for VIPs. Node k's pods live
/// in 198.19.k.0/24 behind its bridge (198.19.k.1), pod i at 198.19.k.(10+i). Everything is inside 198.18.0.0/15.
/// </summary>
public static class ClusterAddresses
{
    /// <summary>Node addresses .11–.(10+N) must stay below the API server's .250; 32 keeps a run within two shared cores.</summary>
    public const int MaxNodes = 32;

    /// <summary>Pod addresses 198.19.k.11–.254 on each node.</summary>
    public const int MaxPodsPerNode = 244;

    public const int ApiServerPort = 6443;

    public const int LanPrefixLength = 24;

    public static IPAddress Client { get; } = IPAddress.Parse("198.18.0.2");

    public static IPAddress ApiServer { get; } = IPAddress.Parse("198.18.0.250");

    public static IPEndPoint ApiServerEndPoint { get; } = new(ApiServer, ApiServerPort);

    /// <summary>Node k (1-based): 198.18.0.(10+k).</summary>
    public static IPAddress Node(int index) => Lan(10 + CheckNode(index));

    /// <summary>Node k's pod CIDR, 198.19.k.0/24.</summary>
    public static string PodCidr(int index) => string.Create(CultureInfo.InvariantCulture, $"198.19.{CheckNode(index)}.0/24");

    /// <summary>Node k's bridge address, its pods' default gateway: 198.19.k.1.</summary>
    public static IPAddress PodGateway(int index) => PodNetwork(index, 1);

    /// <summary>Pod slot i (1-based) on node k: 198.19.k.(10+i).</summary>
    public static IPAddress Pod(int nodeIndex, int slot) =>
        slot is >= 1 and <= MaxPodsPerNode
            ? PodNetwork(nodeIndex, 10 + slot)
            : throw new ArgumentOutOfRangeException(nameof(slot), slot, $"pod slots are 1..{MaxPodsPerNode}");

    /// <summary>
    /// Whether the sandbox uses this address of 198.18.0.0/24 itself (network, broadcast, client, nodes, API server) for
    /// a cluster of <paramref name="nodes"/> nodes; any other address of the /24 is a free VIP.
    /// </summary>
    public static bool IsReserved(IPAddress address, int nodes)
    {
        var bytes = address.GetAddressBytes();
        if (bytes is not [198, 18, 0, var last])
        {
            return false;
        }

        return last is 0 or 255 or 2 or 250 || (last > 10 && last <= 10 + nodes);
    }

    private static IPAddress Lan(int host) => new([198, 18, 0, (byte)host]);

    private static IPAddress PodNetwork(int nodeIndex, int host) => new([198, 19, (byte)CheckNode(nodeIndex), (byte)host]);

    private static int CheckNode(int index) =>
        index is >= 1 and <= MaxNodes ? index : throw new ArgumentOutOfRangeException(nameof(index), index, $"nodes are 1..{MaxNodes}");
}
