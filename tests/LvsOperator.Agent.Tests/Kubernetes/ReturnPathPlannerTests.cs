using LvsOperator.Agent.Kubernetes;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.ReturnPath;
using static LvsOperator.Agent.Tests.Kubernetes.ClusterObjects;

namespace LvsOperator.Agent.Tests.Kubernetes;

public sealed class ReturnPathPlannerTests
{
    private static readonly Dictionary<string, uint> Nodes = new()
    {
        ["node1"] = Ipv4Format.Parse("198.18.0.11"),
        ["node2"] = Ipv4Format.Parse("198.18.0.12"),
        ["node3"] = Ipv4Format.Parse("198.18.0.13"),
    };

    [Fact]
    public void Routes_the_local_backends_of_vips_other_nodes_hold_to_the_holder_with_the_port_protocol()
    {
        var web = Resolved("web", "198.18.0.100", backends:
        [
            Backend("198.19.1.11", 8080, node: "node1"),
            Backend("198.19.1.11", 5353, portName: "dns", node: "node1"),
            Backend("198.19.2.11", 8080, node: "node2"),
        ]);
        var api = Resolved("api", "198.18.0.101", backends: [Backend("198.19.1.12", 8080, node: "node1", state: "Draining", weight: 0)]);
        var mine = Resolved("mine", "198.18.0.102", backends: [Backend("198.19.1.13", 8080, node: "node1")]);
        var holders = new Dictionary<string, string> { ["198.18.0.100"] = "node2", ["198.18.0.101"] = "node3", ["198.18.0.102"] = "node1" };

        var routes = Plan([web, api, mine], holders);

        Assert.Equal(2, routes.Count);
        Assert.Equal(("node2", Nodes["node2"]), (routes[0].Owner, routes[0].Gateway));
        Assert.Equal([Source(IpProtocol.Udp, "198.19.1.11", 5353), Source(IpProtocol.Tcp, "198.19.1.11", 8080)], routes[0].Sources);
        Assert.Equal(("node3", Nodes["node3"]), (routes[1].Owner, routes[1].Gateway));
        Assert.Equal([Source(IpProtocol.Tcp, "198.19.1.12", 8080)], routes[1].Sources); // a draining pod still answers its clients
    }

    [Fact]
    public void No_route_for_a_vip_nobody_holds_or_whose_holder_has_no_known_address()
    {
        var web = Resolved("web", "198.18.0.100", backends: [Backend("198.19.1.11", 8080, node: "node1")]);

        Assert.Empty(Plan([web], new Dictionary<string, string>()));
        Assert.Empty(Plan([web], new Dictionary<string, string> { ["198.18.0.100"] = "node-gone" }));
    }

    [Fact]
    public void Plans_compare_by_content()
    {
        var web = Resolved("web", "198.18.0.100", backends: [Backend("198.19.1.11", 8080, node: "node1")]);
        var holders = new Dictionary<string, string> { ["198.18.0.100"] = "node2" };

        Assert.True(ReturnPathPlanner.Same(Plan([web], holders), Plan([web], holders)));
        Assert.False(ReturnPathPlanner.Same(Plan([web], holders), Plan([web], new Dictionary<string, string> { ["198.18.0.100"] = "node3" })));
        Assert.False(ReturnPathPlanner.Same(null, Plan([web], holders)));
    }

    [Theory]
    [InlineData("198.18.0.100", "lvs-vip-198-18-0-100")]
    [InlineData("10.0.0.1", "lvs-vip-10-0-0-1")]
    public void Vip_lease_names_round_trip(string vip, string lease)
    {
        Assert.Equal(lease, LeaseNames.Vip(Ipv4Format.Parse(vip)));
        Assert.True(LeaseNames.TryParseVip(lease, out var parsed));
        Assert.Equal(vip, Ipv4Format.ToString(parsed));
    }

    [Theory]
    [InlineData("lvs-agent-node1")]
    [InlineData("lvs-vip-198-18-0")]
    [InlineData("lvs-vip-198-18-0-256")]
    [InlineData("lvs-vip-198-18-0-01")]
    public void Other_lease_names_are_not_vips(string lease) => Assert.False(LeaseNames.TryParseVip(lease, out _));

    private static IReadOnlyList<ReturnRoute> Plan(LvsOperator.Api.VirtualService[] services, Dictionary<string, string> holders) =>
        ReturnPathPlanner.Plan(services, "node1", vip => holders.GetValueOrDefault(Ipv4Format.ToString(vip)), n => Nodes.TryGetValue(n, out var a) ? a : null);

    private static ReplySource Source(IpProtocol protocol, string ip, ushort port) => new(protocol, Ipv4Format.Parse(ip), port);
}
