using System.Net;
using LvsOperator.Sandbox.Cluster;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// One node's pod addresses (198.19.k.11–.254), handed out round-robin like the host-local IPAM plugin: a freed
/// address is reused only after every other one, so a replacement pod does not inherit a dead pod's conntrack and
/// neighbour entries. Thread-safe.
/// </summary>
internal sealed class PodAddressPool(int nodeIndex)
{
    private readonly Lock _gate = new();
    private readonly bool[] _taken = new bool[ClusterAddresses.MaxPodsPerNode + 1];
    private int _last;

    public IPAddress Allocate()
    {
        lock (_gate)
        {
            for (var step = 1; step <= ClusterAddresses.MaxPodsPerNode; step++)
            {
                var slot = ((_last + step - 1) % ClusterAddresses.MaxPodsPerNode) + 1;
                if (!_taken[slot])
                {
                    _taken[slot] = true;
                    _last = slot;
                    return ClusterAddresses.Pod(nodeIndex, slot);
                }
            }
        }

        throw new InvalidOperationException($"node{nodeIndex} has no free pod address left ({ClusterAddresses.MaxPodsPerNode} in use)");
    }

    public void Release(IPAddress address)
    {
        var slot = address.GetAddressBytes()[3] - 10;
        lock (_gate)
        {
            if (slot is >= 1 and <= ClusterAddresses.MaxPodsPerNode)
            {
                _taken[slot] = false;
            }
        }
    }
}
