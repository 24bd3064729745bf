using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Routing;

namespace LvsOperator.Dataplane.Tests.Routing;

public sealed class InterfaceTableTests
{
    private static DirectorInterface Link(int index, params InterfaceAddress[] addresses) =>
        new(index, $"eth{index}", new MacAddress(0x02_00_00_00_00_00UL + (ulong)index), 1500, IsUp: true, IsEthernet: true, addresses);

    [Fact]
    public void Own_addresses_are_every_interface_address_and_each_subnets_broadcast()
    {
        var table = InterfaceTable.Of(
        [
            Link(2, new InterfaceAddress(Ipv4Format.Parse("198.18.0.1"), 24), new InterfaceAddress(Ipv4Format.Parse("198.18.5.9"), 30)),
            Link(3, new InterfaceAddress(Ipv4Format.Parse("198.18.1.1"), 32), new InterfaceAddress(Ipv4Format.Parse("198.18.2.0"), 31)),
        ]);

        string[] own = ["198.18.0.1", "198.18.0.255", "198.18.5.9", "198.18.5.11", "198.18.1.1", "198.18.2.0"];
        string[] others = ["198.18.0.2", "198.18.0.254", "198.18.5.10", "198.18.2.1", "198.18.1.255", "198.18.3.255"];
        Assert.All(own, a => Assert.True(table.IsOwnAddress(Ipv4Format.Parse(a)), a));
        Assert.All(others, a => Assert.False(table.IsOwnAddress(Ipv4Format.Parse(a)), a)); // /31 and /32 have no broadcast
    }
}
