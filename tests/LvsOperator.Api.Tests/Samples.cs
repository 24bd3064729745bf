using k8s.Models;

namespace LvsOperator.Api.Tests;

internal static class Samples
{
    public static VirtualService Static(params string[] backendIps) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" },
        Spec = new VirtualServiceSpec
        {
            Vip = "198.18.0.100",
            Ports = [new VirtualServicePort { Name = "http", Port = 80, Protocol = "TCP", TargetPort = 8080 }],
            Backends = backendIps.Select(ip => new StaticBackend { Ip = ip }).ToList(),
            Scheduler = "rr",
        },
    };
}
