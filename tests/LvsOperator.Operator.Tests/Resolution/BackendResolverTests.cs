using LvsOperator.Api;
using LvsOperator.Api.Conditions;
using LvsOperator.Operator.Resolution;
using LvsOperator.Operator.Tests.TestSupport;
using static LvsOperator.Operator.Tests.TestSupport.Objects;

namespace LvsOperator.Operator.Tests.Resolution;

public sealed class BackendResolverTests
{
    [Fact]
    public void An_invalid_spec_is_InvalidSpec_with_the_validators_messages_and_no_backends()
    {
        var vs = VirtualService("ns", "vs", vip: "224.0.0.1", ports: [Port("http", 80, "http"), Port("http", 80, "http")]);

        var resolved = BackendResolver.Resolve(vs, Inputs(Service("ns", "echo"), Slice("ns", "s", "echo", EchoPorts(), Ready("198.19.1.11", "node1"))));

        Assert.False(resolved.Condition.Status);
        Assert.Equal(ConditionReasons.InvalidSpec, resolved.Condition.Reason);
        Assert.Contains("spec.vip: 224.0.0.1 is multicast", resolved.Condition.Message, StringComparison.Ordinal);
        Assert.Contains("duplicate TCP port 80", resolved.Condition.Message, StringComparison.Ordinal);
        Assert.Empty(resolved.Backends);
    }

    [Fact]
    public void A_missing_service_is_ServiceNotFound()
    {
        var resolved = BackendResolver.Resolve(VirtualService("ns", "vs", service: "web"), Inputs(null));

        Assert.Equal((false, ConditionReasons.ServiceNotFound, "Service ns/web not found"), (resolved.Condition.Status, resolved.Condition.Reason, resolved.Condition.Message));
        Assert.Empty(resolved.Backends);
    }

    [Fact]
    public void A_named_target_port_no_slice_has_is_PortNotFound_once_there_are_endpoints_and_NoEndpoints_before()
    {
        var vs = VirtualService("ns", "vs", ports: Port("web", 80, "https"));
        var withEndpoints = Slice("ns", "s", "echo", EchoPorts(), Ready("198.19.1.11", "node1"));
        var empty = Slice("ns", "s", "echo", EchoPorts());

        var portNotFound = BackendResolver.Resolve(vs, Inputs(Service("ns", "echo"), withEndpoints));
        var noEndpoints = BackendResolver.Resolve(vs, Inputs(Service("ns", "echo"), empty));

        Assert.Equal(ConditionReasons.PortNotFound, portNotFound.Condition.Reason);
        Assert.Contains("targetPort 'https' of port web", portNotFound.Condition.Message, StringComparison.Ordinal);
        Assert.Empty(portNotFound.Backends);
        Assert.Equal(ConditionReasons.NoEndpoints, noEndpoints.Condition.Reason);
    }

    [Fact]
    public void No_active_or_draining_endpoint_is_NoEndpoints_with_an_empty_list()
    {
        var slice = Slice("ns", "s", "echo", EchoPorts(), Endpoint("198.19.1.11", "node1", ready: false, serving: false, terminating: false));

        var resolved = BackendResolver.Resolve(VirtualService("ns", "vs"), Inputs(Service("ns", "echo"), slice));

        Assert.Equal((false, ConditionReasons.NoEndpoints), (resolved.Condition.Status, resolved.Condition.Reason));
        Assert.Contains("Service ns/echo has no ready", resolved.Condition.Message, StringComparison.Ordinal);
        Assert.Empty(resolved.Backends);
    }

    [Fact]
    public void Endpoints_resolve_into_backends_and_a_port_without_any_is_named_in_the_message()
    {
        var vs = VirtualService("ns", "vs", ports: [Port("http", 80, "http"), Port("dns", 53, "dns", "UDP")]);
        var slice = Slice("ns", "s", "echo", [.. EchoPorts(), new() { Name = "dns", Port = 5353, Protocol = "UDP" }],
            Ready("198.19.1.11", "node1"), Endpoint("198.19.2.11", "node2", ready: false, serving: true, terminating: true));
        var noDns = Slice("ns", "t", "echo", EchoPorts(), Ready("198.19.3.11", "node3"));

        var resolved = BackendResolver.Resolve(vs, Inputs(Service("ns", "echo"), slice, noDns));

        Assert.True(resolved.Condition.Status);
        Assert.Equal(ConditionReasons.Resolved, resolved.Condition.Reason);
        Assert.Equal("5 backends (3 active, 2 draining) from 2 EndpointSlices of Service ns/echo", resolved.Condition.Message);
        Assert.Equal(
            ["dns 198.19.1.11:5353 node1", "dns 198.19.2.11:5353 node2", "http 198.19.1.11:8080 node1", "http 198.19.2.11:8080 node2", "http 198.19.3.11:8080 node3"],
            resolved.Backends.Select(b => $"{b.PortName} {b.Ip}:{b.Port} {b.NodeName}"));
    }

    [Fact]
    public void Static_backends_resolve_as_in_standalone_mode_sorted_without_nodes()
    {
        var vs = VirtualService("ns", "vs", service: null, ports: Port(null, 80, "8080"));
        vs.Spec.Backends = [new StaticBackend { Ip = "198.19.0.20" }, new StaticBackend { Ip = "198.19.0.3", Weight = 0 }];

        var resolved = BackendResolver.Resolve(vs, Inputs(null));

        Assert.True(resolved.Condition.Status);
        Assert.Equal(["198.19.0.3:8080 Draining 0 ", "198.19.0.20:8080 Active 1 "], resolved.Backends.Select(b => $"{b.Ip}:{b.Port} {b.State} {b.Weight} {b.NodeName}"));
    }

    [Fact]
    public void The_newer_of_two_claims_on_one_vip_port_is_VipConflict_naming_the_older_and_has_no_backends()
    {
        var older = VirtualService("a", "first", created: new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var newer = VirtualService("b", "second", created: new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc));
        var slices = Slice("b", "s", "echo", EchoPorts(), Ready("198.19.1.11", "node1"));

        var loser = BackendResolver.Resolve(newer, Inputs(Service("b", "echo"), [slices], [older, newer]));
        var winner = BackendResolver.Resolve(older, Inputs(Service("a", "echo"), [Slice("a", "s", "echo", EchoPorts(), Ready("198.19.1.11", "node1"))], [older, newer]));

        Assert.Equal((false, ConditionReasons.VipConflict), (loser.Condition.Status, loser.Condition.Reason));
        Assert.Contains("198.18.0.100:80/TCP is already claimed by a/first", loser.Condition.Message, StringComparison.Ordinal);
        Assert.Empty(loser.Backends);
        Assert.True(winner.Condition.Status);
        Assert.Equal([new ConflictingClaim(new VipKey("198.18.0.100", 80, "TCP"), "b/second")], winner.Conflict.Others);
    }

    private static ResolverInputs Inputs(k8s.Models.V1Service? service, params k8s.Models.V1EndpointSlice[] slices) => new(service, slices, [], [], new Agents());

    private static ResolverInputs Inputs(k8s.Models.V1Service? service, k8s.Models.V1EndpointSlice[] slices, Api.VirtualService[] peers) =>
        new(service, slices, peers, [], new Agents());
}
