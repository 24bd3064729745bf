using k8s.Models;
using LvsOperator.Api;

namespace LvsOperator.Kubernetes.Tests.TestSupport;

public static class TestObjects
{
    public static VirtualService VirtualService(string ns, string name, string vip = "198.18.0.100", string service = "echo") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app"] = "test" } },
        Spec = new VirtualServiceSpec
        {
            Vip = vip,
            Ports = [new VirtualServicePort { Name = "http", Port = 80, Protocol = "TCP", TargetPort = "http" }],
            Service = service,
        },
    };

    public static V1EndpointSlice EndpointSlice(string ns, string name, string service, params string[] addresses) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = service },
        },
        AddressType = "IPv4",
        Endpoints = [.. addresses.Select(a => new V1Endpoint { Addresses = [a], Conditions = new V1EndpointConditions { Ready = true } })],
        Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
    };

    public static V1Condition Condition(string type, string status, string reason, string message, long generation = 1) => new()
    {
        Type = type,
        Status = status,
        Reason = reason,
        Message = message,
        ObservedGeneration = generation,
        LastTransitionTime = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    };
}
