using System.Security.Cryptography;
using System.Text;
using k8s.Models;

namespace LvsOperator.Sandbox.Controllers;

/// <summary>
/// The EndpointSlices a Service should have, as kube-controller-manager's EndpointSlice controller computes them: every
/// pod the selector matches that has an address and has not finished, with conditions ready (Ready and not
/// terminating), serving (Ready, also while terminating) and terminating (deletionTimestamp set); ports from the
/// Service's targetPorts, a named one resolved from the pod's containerPorts. Pods whose ports resolve differently go
/// to different slices, one slice per port set, named after it so a recomputation finds the same names. Unlike the real
/// controller a slice is never split at 100 endpoints (the API allows 1,000; the sandbox never runs that many pods).
/// </summary>
internal static class EndpointSliceBuilder
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ManagedBy = "endpointslice-controller.k8s.io";

    public static List<V1EndpointSlice> Build(V1Service service, IEnumerable<V1Pod> pods)
    {
        var selector = service.Spec?.Selector;
        if (selector is null || selector.Count == 0)
        {
            return []; // a Service without a selector has slices its owner writes
        }

        var groups = new Dictionary<string, (List<Discoveryv1EndpointPort> Ports, List<V1Endpoint> Endpoints)>(StringComparer.Ordinal);
        foreach (var pod in pods.Where(p => p.Metadata.NamespaceProperty == service.Metadata.NamespaceProperty && Selectors.Matches(selector, p.Metadata.Labels)))
        {
            if (string.IsNullOrEmpty(pod.Status?.PodIP) || PodFacts.IsFinished(pod))
            {
                continue;
            }

            var ports = Ports(service, pod);
            var key = string.Join(',', ports.Select(p => $"{p.Name}/{p.Protocol}/{p.Port}"));
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = (ports, []);
            }

            group.Endpoints.Add(Endpoint(pod));
        }

        return groups.OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Slice(service, g.Key, g.Value.Ports, g.Value.Endpoints))
            .ToList();
    }

    private static V1EndpointSlice Slice(V1Service service, string portKey, List<Discoveryv1EndpointPort> ports, List<V1Endpoint> endpoints)
    {
        endpoints.Sort((a, b) => string.CompareOrdinal(a.TargetRef.Name, b.TargetRef.Name));
        var suffix = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(portKey)).AsSpan(0, 3));
        var name = service.Metadata.Name;
        return new V1EndpointSlice
        {
            ApiVersion = "discovery.k8s.io/v1",
            Kind = "EndpointSlice",
            Metadata = new V1ObjectMeta
            {
                Name = $"{name[..Math.Min(name.Length, 56)]}-{suffix}",
                NamespaceProperty = service.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string> { [ServiceNameLabel] = name, [ManagedByLabel] = ManagedBy },
                OwnerReferences =
                [
                    new V1OwnerReference { ApiVersion = "v1", Kind = "Service", Name = name, Uid = service.Metadata.Uid, Controller = true, BlockOwnerDeletion = true },
                ],
            },
            AddressType = "IPv4",
            Ports = ports,
            Endpoints = endpoints,
        };
    }

    private static List<Discoveryv1EndpointPort> Ports(V1Service service, V1Pod pod)
    {
        var ports = new List<Discoveryv1EndpointPort>();
        foreach (var port in service.Spec.Ports ?? [])
        {
            var protocol = port.Protocol ?? "TCP";
            int? number = port.TargetPort is null ? port.Port
                : int.TryParse(port.TargetPort.Value, out var n) ? n
                : ContainerPort(pod, port.TargetPort.Value, protocol);
            if (number is { } resolved)
            {
                ports.Add(new Discoveryv1EndpointPort { Name = port.Name ?? string.Empty, Port = resolved, Protocol = protocol });
            }
        }

        return ports;
    }

    private static int? ContainerPort(V1Pod pod, string name, string protocol) =>
        pod.Spec.Containers.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == name && (p.Protocol ?? "TCP") == protocol)?.ContainerPort;

    private static V1Endpoint Endpoint(V1Pod pod)
    {
        var serving = PodFacts.IsReady(pod);
        var terminating = PodFacts.IsTerminating(pod);
        return new V1Endpoint
        {
            Addresses = [pod.Status.PodIP],
            Conditions = new V1EndpointConditions { Ready = serving && !terminating, Serving = serving, Terminating = terminating },
            NodeName = pod.Spec.NodeName,
            TargetRef = new V1ObjectReference { Kind = "Pod", NamespaceProperty = pod.Metadata.NamespaceProperty, Name = pod.Metadata.Name, Uid = pod.Metadata.Uid },
        };
    }
}
