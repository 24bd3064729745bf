using k8s.Models;
using LvsOperator.Api;

namespace LvsOperator.Sandbox.Directors;

/// <summary>VirtualServices as the standalone agent takes them: namespace default, one port, static backends.</summary>
public static class StandaloneServices
{
    public static VirtualService Create(string name, string vip, VirtualServicePort port, string scheduler, params IEnumerable<StaticBackend> backends) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new VirtualServiceSpec
        {
            Vip = vip,
            Ports = [port],
            Scheduler = scheduler,
            Backends = [.. backends],
        },
    };

    public static StaticBackend Backend(string ip, int port, int weight = 1) => new() { Ip = ip, Port = port, Weight = weight };
}
