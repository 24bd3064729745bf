using LvsOperator.Agent.Dataplane;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Routing;

namespace LvsOperator.Agent.Tests.Dataplane;

public sealed class InterfaceSelectionTests
{
    private static readonly DirectorInterface Loopback = Interface(1, "lo", "127.0.0.1/8", ethernet: false);
    private static readonly DirectorInterface Client = Interface(2, "veth-c", "198.18.0.1/24");
    private static readonly DirectorInterface Servers = Interface(3, "veth-s", "198.18.1.1/24");
    private static readonly DirectorInterface Down = Interface(4, "veth-d", "198.18.2.1/24", up: false);
    private static readonly DirectorInterface NoAddress = Interface(5, "veth-n", null);

    [Fact]
    public void By_default_taps_every_up_ethernet_interface_with_an_ipv4_address()
    {
        var chosen = InterfaceSelection.Choose([NoAddress, Servers, Down, Loopback, Client], []);

        Assert.Equal(["veth-c", "veth-s"], chosen.Select(i => i.Name));
    }

    [Fact]
    public void Named_interfaces_are_taken_as_given_and_an_unknown_name_is_an_error()
    {
        Assert.Equal(["veth-s"], InterfaceSelection.Choose([Client, Servers], ["veth-s"]).Select(i => i.Name));
        var error = Assert.Throws<InvalidOperationException>(() => InterfaceSelection.Choose([Client], ["eth9"]));
        Assert.Contains("eth9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vip_is_announced_where_its_subnet_is_or_everywhere_when_no_subnet_holds_it()
    {
        Assert.Equal(["veth-c"], InterfaceSelection.ForVip([Client, Servers], Ipv4Format.Parse("198.18.0.100")).Select(i => i.Name));
        Assert.Equal(["veth-c", "veth-s"], InterfaceSelection.ForVip([Client, Servers], Ipv4Format.Parse("203.0.113.1")).Select(i => i.Name));
    }

    private static DirectorInterface Interface(int index, string name, string? cidr, bool up = true, bool ethernet = true)
    {
        IReadOnlyList<InterfaceAddress> addresses = cidr is null
            ? []
            : [new InterfaceAddress(Ipv4Format.Parse(cidr.Split('/')[0]), int.Parse(cidr.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture))];
        return new DirectorInterface(index, name, MacAddress.Zero, 1500, up, ethernet, addresses);
    }
}
