using k8s.Models;
using LvsOperator.Sandbox.Controllers;

namespace LvsOperator.Sandbox.Tests.Controllers;

public sealed class EndpointSliceBuilderTests
{
    [Fact]
    public void Ready_terminating_and_not_ready_pods_get_the_conditions_kube_controller_manager_gives_them()
    {
        var service = Service(("http", 80, "http", "TCP"));
        var pods = new[]
        {
            Pod("a", "10.0.0.1", ready: true),
            Pod("b", "10.0.0.2", ready: true, terminating: true),
            Pod("c", "10.0.0.3", ready: false, terminating: true),
            Pod("d", "10.0.0.4", ready: false),
            Pod("no-ip", null, ready: false),
            Pod("done", "10.0.0.5", ready: false, phase: "Succeeded"),
            Pod("other", "10.0.0.6", ready: true, labels: new() { ["app"] = "other" }),
        };

        var slice = Assert.Single(EndpointSliceBuilder.Build(service, pods));

        Assert.Equal(
            ["a True True False", "b False True True", "c False False True", "d False False False"],
            slice.Endpoints.Select(e => $"{e.TargetRef.Name} {e.Conditions.Ready} {e.Conditions.Serving} {e.Conditions.Terminating}"));
        Assert.Equal(["10.0.0.1"], slice.Endpoints[0].Addresses);
        Assert.Equal("node-a", slice.Endpoints[0].NodeName);
        Assert.Equal(("web", "endpointslice-controller.k8s.io"), (slice.Metadata.Labels["kubernetes.io/service-name"], slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]));
        Assert.Equal("svc-uid", slice.Metadata.OwnerReferences.Single().Uid);
    }

    [Fact]
    public void Named_target_ports_resolve_per_pod_and_pods_that_resolve_differently_get_their_own_slice()
    {
        var service = Service(("http", 80, "web", "TCP"), ("dns", 53, "5353", "UDP"), ("raw", 81, null, "TCP"));
        var on8080 = Pod("a", "10.0.0.1", ready: true, ports: [("web", 8080, "TCP")]);
        var on9090 = Pod("b", "10.0.0.2", ready: true, ports: [("web", 9090, "TCP")]);
        var udpNamedOnly = Pod("c", "10.0.0.3", ready: true, ports: [("web", 8080, "UDP")]);

        var slices = EndpointSliceBuilder.Build(service, [on8080, on9090, udpNamedOnly]);

        Assert.Equal(3, slices.Count);
        var byPod = slices.ToDictionary(s => s.Endpoints.Single().TargetRef.Name, s => string.Join(',', s.Ports.Select(p => $"{p.Name}/{p.Protocol}/{p.Port}")));
        Assert.Equal("http/TCP/8080,dns/UDP/5353,raw/TCP/81", byPod["a"]);
        Assert.Equal("http/TCP/9090,dns/UDP/5353,raw/TCP/81", byPod["b"]);
        Assert.Equal("dns/UDP/5353,raw/TCP/81", byPod["c"]); // a named port must match the protocol too
        Assert.Equal(3, slices.Select(s => s.Metadata.Name).Distinct().Count());
        Assert.Equal(slices.Select(s => s.Metadata.Name), EndpointSliceBuilder.Build(service, [udpNamedOnly, on9090, on8080]).Select(s => s.Metadata.Name));
    }

    [Fact]
    public void A_service_without_a_selector_gets_no_slices_from_the_controller()
    {
        var service = Service(("http", 80, "80", "TCP"));
        service.Spec.Selector = null;

        Assert.Empty(EndpointSliceBuilder.Build(service, [Pod("a", "10.0.0.1", ready: true)]));
    }

    private static V1Service Service(params (string Name, int Port, string? Target, string Protocol)[] ports) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "svc-uid" },
        Spec = new V1ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app"] = "web" },
            Ports = [.. ports.Select(p => new V1ServicePort { Name = p.Name, Port = p.Port, TargetPort = p.Target is null ? null : (IntOrString)p.Target, Protocol = p.Protocol })],
        },
    };

    private static V1Pod Pod(
        string name, string? ip, bool ready, bool terminating = false, string phase = "Running", Dictionary<string, string>? labels = null,
        (string Name, int Port, string Protocol)[]? ports = null) => new()
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = "default",
                Uid = name + "-uid",
                Labels = labels ?? new Dictionary<string, string> { ["app"] = "web" },
                DeletionTimestamp = terminating ? DateTime.UtcNow : null,
            },
            Spec = new V1PodSpec
            {
                NodeName = "node-" + name,
                Containers = [new V1Container { Name = "c", Ports = [.. (ports ?? []).Select(p => new V1ContainerPort { Name = p.Name, ContainerPort = p.Port, Protocol = p.Protocol })] }],
            },
            Status = new V1PodStatus
            {
                PodIP = ip,
                Phase = phase,
                Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
            },
        };
}
