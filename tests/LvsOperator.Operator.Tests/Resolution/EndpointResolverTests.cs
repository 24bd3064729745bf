using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Operator.Resolution;
using static LvsOperator.Operator.Tests.TestSupport.Objects;

namespace LvsOperator.Operator.Tests.Resolution;

public sealed class EndpointResolverTests
{
    private static readonly VirtualServiceSpec TwoPorts = VirtualService("ns", "vs", ports: [Port("http", 80, "http"), Port("udp", 81, "udp", "UDP")]).Spec;

    [Fact]
    public void Ready_and_unknown_readiness_are_active_terminating_but_serving_drains_the_rest_is_left_out()
    {
        var slice = Slice("ns", "s1", "echo", EchoPorts(),
            Endpoint("198.19.1.11", "node1", ready: true, serving: true, terminating: false),
            Endpoint("198.19.1.12", "node1", ready: null, serving: null, terminating: null),
            Endpoint("198.19.1.13", "node1", ready: false, serving: true, terminating: true),
            Endpoint("198.19.1.14", "node1", ready: false, serving: null, terminating: true),
            Endpoint("198.19.1.15", "node1", ready: false, serving: false, terminating: true),
            Endpoint("198.19.1.16", "node1", ready: false, serving: false, terminating: false),
            Endpoint("198.19.1.17", "node1", ready: true, serving: true, terminating: true));
        var spec = VirtualService("ns", "vs").Spec;

        var backends = EndpointResolver.Resolve(spec, [slice]).Backends;

        Assert.Equal(
            ["198.19.1.11 Active 1", "198.19.1.12 Active 1", "198.19.1.13 Draining 0", "198.19.1.14 Draining 0", "198.19.1.17 Draining 0"],
            backends.Select(b => $"{b.Ip} {b.State} {b.Weight}"));
        Assert.All(backends, b => Assert.Equal("node1", b.NodeName));
    }

    [Fact]
    public void A_named_target_port_is_looked_up_per_slice_by_name_and_protocol()
    {
        var a = Slice("ns", "a", "echo", EchoPorts(http: 8080, udp: 9090), Ready("198.19.1.11", "node1"));
        var b = Slice("ns", "b", "echo", EchoPorts(http: 8443, udp: 9091), Ready("198.19.2.11", "node2"));
        var wrongProtocol = Slice("ns", "c", "echo", [new Discoveryv1EndpointPort { Name = "http", Port = 7000, Protocol = "UDP" }], Ready("198.19.3.11", "node3"));

        var backends = EndpointResolver.Resolve(TwoPorts, [a, b, wrongProtocol]).Backends;

        Assert.Equal(
            ["http 198.19.1.11:8080", "http 198.19.2.11:8443", "udp 198.19.1.11:9090", "udp 198.19.2.11:9091"],
            backends.Select(x => $"{x.PortName} {x.Ip}:{x.Port}"));
    }

    [Fact]
    public void A_numeric_target_port_is_used_as_is_and_an_unset_one_defaults_to_the_port()
    {
        var slice = Slice("ns", "a", "echo", EchoPorts(), Ready("198.19.1.11", "node1"));
        var spec = VirtualService("ns", "vs", ports: [Port("web", 80, "8000"), Port("alt", 81)]).Spec;

        var backends = EndpointResolver.Resolve(spec, [slice]).Backends;

        Assert.Equal(["alt 198.19.1.11:81", "web 198.19.1.11:8000"], backends.Select(x => $"{x.PortName} {x.Ip}:{x.Port}"));
    }

    [Fact]
    public void An_address_in_several_slices_is_one_backend_active_when_any_slice_says_so()
    {
        var draining = Slice("ns", "a", "echo", EchoPorts(), Endpoint("198.19.1.11", "node1", ready: false, serving: true, terminating: true));
        var ready = Slice("ns", "b", "echo", EchoPorts(), Ready("198.19.1.11", "node1"), Ready("198.19.1.11", "node1"));

        foreach (var slices in new[] { new[] { draining, ready }, [ready, draining] })
        {
            var backend = Assert.Single(EndpointResolver.Resolve(VirtualService("ns", "vs").Spec, slices).Backends);
            Assert.Equal(BackendStates.Active, backend.State);
        }
    }

    [Fact]
    public void Only_ipv4_slices_and_the_first_valid_address_of_an_endpoint_count()
    {
        var v6 = Slice("ns", "v6", "echo", EchoPorts(), Ready("fd00::1", "node1"));
        v6.AddressType = "IPv6";
        var junk = Slice("ns", "junk", "echo", EchoPorts(), Ready("not-an-ip", "node1"), Ready("198.19.1.011", "node1"));
        var good = Slice("ns", "good", "echo", EchoPorts(), new V1Endpoint { Addresses = ["198.19.1.20", "198.19.1.21"], Conditions = new() { Ready = true } });

        var backends = EndpointResolver.Resolve(VirtualService("ns", "vs").Spec, [v6, junk, good]).Backends;

        Assert.Equal("198.19.1.20", Assert.Single(backends).Ip);
    }

    [Fact]
    public void The_order_is_port_name_then_address_numerically_then_port_whatever_the_input_order()
    {
        var endpoints = new[] { "198.19.1.10", "198.19.1.9", "198.19.2.1", "198.19.1.100" }.Select(ip => Ready(ip, "node1")).ToArray();
        var forward = Slice("ns", "a", "echo", EchoPorts(), endpoints);
        var backward = Slice("ns", "a", "echo", EchoPorts(), [.. endpoints.Reverse()]);

        var first = EndpointResolver.Resolve(TwoPorts, [forward]).Backends;
        var second = EndpointResolver.Resolve(TwoPorts, [backward]).Backends;

        var expected = new[] { "198.19.1.9", "198.19.1.10", "198.19.1.100", "198.19.2.1" };
        Assert.Equal([.. expected.Select(ip => "http " + ip), .. expected.Select(ip => "udp " + ip)], first.Select(b => $"{b.PortName} {b.Ip}"));
        Assert.Equal(BackendsRevision.Of(first), BackendsRevision.Of(second));
    }

    [Fact]
    public void A_named_target_port_no_slice_has_is_reported_and_its_port_gets_no_backends()
    {
        var slice = Slice("ns", "a", "echo", [new Discoveryv1EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }], Ready("198.19.1.11", "node1"));

        var result = EndpointResolver.Resolve(TwoPorts, [slice]);

        Assert.Equal(["targetPort 'udp' of port udp"], result.MissingTargetPorts);
        Assert.Equal(["udp"], result.PortsWithoutBackends);
        Assert.True(result.AnyServingEndpoint);
        Assert.Equal("http", Assert.Single(result.Backends).PortName);
    }
}
