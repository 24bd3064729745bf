using LvsOperator.Sandbox.Cluster;
using LvsOperator.Sandbox.Kubelets;

namespace LvsOperator.Sandbox.Tests.Kubelets;

public sealed class PodAddressPoolTests
{
    [Fact]
    public void Addresses_go_round_robin_so_a_freed_one_is_reused_last()
    {
        var pool = new PodAddressPool(nodeIndex: 2);

        var first = pool.Allocate();
        var second = pool.Allocate();
        pool.Release(first);
        var third = pool.Allocate();

        Assert.Equal(("198.19.2.11", "198.19.2.12", "198.19.2.13"), (first.ToString(), second.ToString(), third.ToString()));
    }

    [Fact]
    public void A_full_node_says_so_and_a_release_makes_room()
    {
        var pool = new PodAddressPool(nodeIndex: 1);
        var all = Enumerable.Range(0, ClusterAddresses.MaxPodsPerNode).Select(_ => pool.Allocate()).ToList();

        Assert.Equal(ClusterAddresses.MaxPodsPerNode, all.Select(a => a.ToString()).Distinct().Count());
        Assert.Equal("198.19.1.254", all[^1].ToString());
        Assert.Throws<InvalidOperationException>(pool.Allocate);
        pool.Release(all[5]);
        Assert.Equal(all[5], pool.Allocate());
    }
}
