using LvsOperator.Agent.Dataplane;
using LvsOperator.Dataplane.Guard;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Services;

namespace LvsOperator.Agent.Tests.Dataplane;

public sealed class GuardRulesTests
{
    [Fact]
    public void Guards_every_vip_port_and_every_real_server_port_once_per_protocol()
    {
        uint vip = Ipv4Format.Parse("198.18.0.100");
        uint rs1 = Ipv4Format.Parse("198.18.1.11");
        uint rs2 = Ipv4Format.Parse("198.18.1.12");
        var rules = GuardRules.From(
        [
            new VirtualServerSpec(IpProtocol.Tcp, vip, 80, "rr", null, [new RealServerSpec(rs2, 8080, 1), new RealServerSpec(rs1, 8080, 0)]),
            new VirtualServerSpec(IpProtocol.Tcp, vip, 8080, "rr", null, [new RealServerSpec(rs1, 8080, 1)]),
            new VirtualServerSpec(IpProtocol.Udp, vip, 53, "rr", null, [new RealServerSpec(rs1, 5353, 1)]),
        ]);

        Assert.Equal(
            [new GuardedEndpoint(IpProtocol.Udp, vip, 53), new GuardedEndpoint(IpProtocol.Tcp, vip, 80), new GuardedEndpoint(IpProtocol.Tcp, vip, 8080)],
            rules.VirtualServices);
        Assert.Equal(
            [new GuardedEndpoint(IpProtocol.Udp, rs1, 5353), new GuardedEndpoint(IpProtocol.Tcp, rs1, 8080), new GuardedEndpoint(IpProtocol.Tcp, rs2, 8080)],
            rules.RealServers);
        Assert.Equal([vip], rules.Vips());
    }

    [Fact]
    public void A_standby_guards_every_vip_but_only_the_real_servers_of_the_vips_it_owns()
    {
        uint owned = Ipv4Format.Parse("198.18.0.100");
        uint standby = Ipv4Format.Parse("198.18.0.101");
        uint rs1 = Ipv4Format.Parse("198.19.1.11");
        uint rs2 = Ipv4Format.Parse("198.19.2.11");
        VirtualServerSpec[] specs =
        [
            new(IpProtocol.Tcp, owned, 80, "maglev", null, [new RealServerSpec(rs1, 8080, 1)]),
            new(IpProtocol.Tcp, standby, 80, "maglev", null, [new RealServerSpec(rs2, 8080, 1)]),
        ];

        var rules = GuardRules.From(specs, new HashSet<uint> { owned });

        Assert.Equal([new GuardedEndpoint(IpProtocol.Tcp, owned, 80), new GuardedEndpoint(IpProtocol.Tcp, standby, 80)], rules.VirtualServices);
        Assert.Equal([new GuardedEndpoint(IpProtocol.Tcp, rs1, 8080)], rules.RealServers);
        Assert.Empty(GuardRules.From(specs, new HashSet<uint>()).RealServers);
        Assert.Equal(2, GuardRules.From(specs).RealServers.Count);
        Assert.False(rules.SameAs(GuardRules.From(specs)));
        Assert.True(rules.SameAs(GuardRules.From(specs, new HashSet<uint> { owned })));
    }
}
