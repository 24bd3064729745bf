using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Routing;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LvsOperator.Dataplane.Tests.Routing;

public sealed class NextHopResolverTests
{
    [Fact]
    public void Resolves_an_on_link_neighbour_and_a_gateway_route_through_the_kernel()
    {
        using var topology = NamespaceSet.Create();
        var d = topology.Add("d");
        var r = topology.Add("r");
        topology.AddVeth(d, "d0", "198.18.30.1/24", r, "r0", "198.18.30.2/24");
        ProcessRunner.RunIn(d, "ip", "route", "add", "198.18.31.0/24", "via", "198.18.30.2");
        var routerMac = MacAddress.Parse(ProcessRunner.RunIn(r, "cat", "/sys/class/net/r0/address").Trim());
        var directorMac = MacAddress.Parse(ProcessRunner.RunIn(d, "cat", "/sys/class/net/d0/address").Trim());
        int d0 = NetworkNamespace.InterfaceIndex(d, "d0");
        using var resolver = NetworkNamespace.Run(d, () => new NextHopResolver(
            Options.Create(new NextHopResolverOptions()), NullLogger<NextHopResolver>.Instance, TimeProvider.System));

        Assert.False(resolver.TryResolve(Ipv4Format.Parse("198.18.30.2"), out _), "nothing can be cached before the first packet");
        var onLink = WaitFor(resolver, "198.18.30.2");
        var viaGateway = WaitFor(resolver, "198.18.31.7");

        Assert.Equal(new NextHop(d0, directorMac, routerMac, 1500), onLink);
        Assert.Equal(new NextHop(d0, directorMac, routerMac, 1500), viaGateway);
        Assert.True(resolver.Interfaces.IsOwnAddress(Ipv4Format.Parse("198.18.30.1")), "its own address is not its own");
        Assert.True(resolver.Interfaces.IsOwnAddress(Ipv4Format.Parse("198.18.30.255")), "its subnet's broadcast is not its own");
        Assert.False(resolver.Interfaces.IsOwnAddress(Ipv4Format.Parse("198.18.30.2")), "the neighbour's address counts as its own");
        Assert.Contains("198.18.30.2", ProcessRunner.RunIn(d, "ip", "neigh", "show", "dev", "d0"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_destination_without_a_route_or_neighbour_never_resolves()
    {
        using var topology = NamespaceSet.Create();
        var d = topology.Add("d");
        var r = topology.Add("r");
        topology.AddVeth(d, "d0", "198.18.32.1/24", r, "r0", "198.18.32.2/24");
        using var resolver = NetworkNamespace.Run(d, () => new NextHopResolver(
            Options.Create(new NextHopResolverOptions { ResolveTimeout = TimeSpan.FromMilliseconds(500) }),
            NullLogger<NextHopResolver>.Instance,
            TimeProvider.System));

        for (int attempt = 0; attempt < 20; attempt++)
        {
            Assert.False(resolver.TryResolve(Ipv4Format.Parse("198.19.99.1"), out _), "no route exists to 198.19.99.1");
            Assert.False(resolver.TryResolve(Ipv4Format.Parse("198.18.32.99"), out _), "nobody answers ARP for 198.18.32.99");
            Thread.Sleep(50);
        }
    }

    [Fact]
    public void Destinations_nobody_sends_to_are_forgotten_while_used_ones_stay()
    {
        using var topology = NamespaceSet.Create();
        var d = topology.Add("d");
        var r = topology.Add("r");
        topology.AddVeth(d, "d0", "198.18.33.1/24", r, "r0", "198.18.33.2/24");
        ProcessRunner.RunIn(d, "ip", "route", "add", "198.18.34.0/24", "via", "198.18.33.2");
        using var resolver = NetworkNamespace.Run(d, () => new NextHopResolver(
            Options.Create(new NextHopResolverOptions { RefreshInterval = TimeSpan.FromMilliseconds(100), IdleTimeout = TimeSpan.FromMilliseconds(300) }),
            NullLogger<NextHopResolver>.Instance,
            TimeProvider.System));
        var busy = Ipv4Format.Parse("198.18.34.7");
        WaitFor(resolver, "198.18.34.7");
        WaitFor(resolver, "198.18.34.8");
        Assert.Equal(2, resolver.CachedCount);

        // Only the busy destination keeps sending; the other must age out within a bounded number of refreshes.
        for (int attempt = 0; attempt < 60 && resolver.CachedCount > 1; attempt++)
        {
            Assert.True(resolver.TryResolve(busy, out _), "a destination in use was forgotten");
            Thread.Sleep(50);
        }

        Assert.Equal(1, resolver.CachedCount);
        Assert.True(resolver.TryResolve(busy, out _));
    }

    private static NextHop WaitFor(NextHopResolver resolver, string address)
    {
        var destination = Ipv4Format.Parse(address);
        for (int attempt = 0; attempt < 100; attempt++)
        {
            if (resolver.TryResolve(destination, out var nextHop))
            {
                return nextHop;
            }

            Thread.Sleep(50);
        }

        throw new Xunit.Sdk.XunitException($"{address} did not resolve within 100 attempts");
    }
}
