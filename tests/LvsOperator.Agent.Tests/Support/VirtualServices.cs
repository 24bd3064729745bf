using k8s;
using k8s.Models;
using LvsOperator.Api;

namespace LvsOperator.Agent.Tests.Support;

/// <summary>Config files built from <see cref="VirtualService"/> objects and written by KubernetesClient, as a user's tools would.</summary>
internal static class VirtualServices
{
    /// <summary>TCP 80 -> real servers on 8080 (three by default), rr.</summary>
    public static VirtualService Web(string name = "web", string vip = "198.18.0.100", params string[] backends) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new VirtualServiceSpec
        {
            Vip = vip,
            Ports = [new VirtualServicePort { Name = "http", Port = 80, TargetPort = 8080 }],
            Backends = (backends.Length > 0 ? backends : ["198.18.1.11", "198.18.1.12", "198.18.1.13"]).Select(ip => new StaticBackend { Ip = ip }).ToList(),
            Scheduler = "rr",
        },
    };

    public static string Stream(params VirtualService[] services) => KubernetesYaml.SerializeAll(services);
}
