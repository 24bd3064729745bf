using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Api.Conditions;

namespace LvsOperator.Agent.Tests.Kubernetes;

/// <summary>VirtualServices as the agent finds them in its informer's cache, for the pure decisions' tests.</summary>
internal static class ClusterObjects
{
    public static VirtualService Resolved(
        string name = "web", string vip = "198.18.0.100", long generation = 3, long? resolvedAt = 3, string resolved = ConditionList.True,
        IDictionary<string, string>? nodeSelector = null, params BackendStatus[] backends) => new()
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Generation = generation },
            Spec = new VirtualServiceSpec
            {
                Vip = vip,
                Ports = [new VirtualServicePort { Name = "http", Port = 80, TargetPort = "http" }, new VirtualServicePort { Name = "dns", Port = 53, Protocol = "UDP", TargetPort = 5353 }],
                Service = "echo",
                NodeSelector = nodeSelector,
            },
            Status = new VirtualServiceStatus
            {
                BackendsRevision = "0badcafe",
                Backends = [.. backends],
                Conditions = resolvedAt is { } at
                    ? [new V1Condition { Type = ConditionTypes.Resolved, Status = resolved, Reason = resolved == ConditionList.True ? "Resolved" : "NoEndpoints", Message = "m", ObservedGeneration = at }]
                    : [],
            },
        };

    public static BackendStatus Backend(string ip, int port, string portName = "http", string? node = null, string state = BackendStates.Active, int weight = 1) =>
        new() { Ip = ip, Port = port, PortName = portName, NodeName = node, State = state, Weight = weight };
}
