using k8s.Models;
using LvsOperator.Api;

namespace LvsOperator.Operator.Tests.TestSupport;

/// <summary>Builders for the objects the operator reads, with the fields a test does not care about filled sensibly.</summary>
public static class Objects
{
    public static VirtualService VirtualService(
        string ns, string name, string vip = "198.18.0.100", string? service = "echo", DateTime? created = null, params VirtualServicePort[] ports) => new()
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Generation = 1, CreationTimestamp = created },
            Spec = new VirtualServiceSpec
            {
                Vip = vip,
                Ports = ports.Length > 0 ? [.. ports] : [Port("http", 80, "http")],
                Service = service,
            },
        };

    public static VirtualServicePort Port(string? name, int port, string? targetPort = null, string protocol = "TCP") => new()
    {
        Name = name,
        Port = port,
        Protocol = protocol,
        TargetPort = targetPort,
    };

    public static V1Service Service(string ns, string name) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1ServiceSpec
        {
            Ports =
            [
                new V1ServicePort { Name = "http", Port = 8080, Protocol = "TCP", TargetPort = 8080 },
                new V1ServicePort { Name = "udp", Port = 8081, Protocol = "UDP", TargetPort = 8081 },
            ],
        },
    };

    public static V1EndpointSlice Slice(string ns, string name, string service, IList<Discoveryv1EndpointPort> ports, params V1Endpoint[] endpoints) => new()
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
        Ports = ports,
        Endpoints = [.. endpoints],
    };

    /// <summary>The echo Service's slice ports: http 8080/TCP and udp 8081/UDP.</summary>
    public static IList<Discoveryv1EndpointPort> EchoPorts(int http = 8080, int udp = 8081) =>
    [
        new Discoveryv1EndpointPort { Name = "http", Port = http, Protocol = "TCP" },
        new Discoveryv1EndpointPort { Name = "udp", Port = udp, Protocol = "UDP" },
    ];

    public static V1Endpoint Ready(string ip, string node) => Endpoint(ip, node, ready: true, serving: true, terminating: false);

    public static V1Endpoint Endpoint(string ip, string? node, bool? ready, bool? serving, bool? terminating) => new()
    {
        Addresses = [ip],
        NodeName = node,
        Conditions = new V1EndpointConditions { Ready = ready, Serving = serving, Terminating = terminating },
    };

    public static V1Node Node(string name, params (string Key, string Value)[] labels) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = labels.ToDictionary(l => l.Key, l => l.Value),
        },
    };

    public static V1Lease Heartbeat(string ns, string node, int durationSeconds, string? holder = null) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta { Name = "lvs-agent-" + node, NamespaceProperty = ns },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = holder ?? node,
            LeaseDurationSeconds = durationSeconds,
            RenewTime = DateTime.UtcNow,
        },
    };

    public static DirectorStatus Director(string node, long generation, string? revision, bool holdsVip, string status = "True", string reason = "Programmed") => new()
    {
        NodeName = node,
        HoldsVip = holdsVip,
        ProgrammedRevision = revision,
        Conditions =
        [
            new V1Condition
            {
                Type = "Programmed",
                Status = status,
                Reason = reason,
                Message = $"{node} reports {reason}",
                ObservedGeneration = generation,
                LastTransitionTime = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            },
        ],
    };
}
