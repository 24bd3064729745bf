using System.Globalization;
using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Api.Serialization;

namespace LvsOperator.Agent.Tests.Support;

/// <summary>VirtualService documents for the tests, in the --config FILE format, written by KubernetesClient's serializer.</summary>
internal static class Yaml
{
    /// <summary>A one-document stream; streams concatenate, so <c>Web() + Service(...)</c> is a two-document file.</summary>
    public static string Service(
        string name,
        string vip,
        int port,
        string protocol = "TCP",
        string scheduler = "rr",
        int? targetPort = null,
        int persistenceSeconds = 0,
        string? netmask = null,
        params (string Ip, int Weight)[] backends) =>
        VirtualServiceYaml.Write(new VirtualService
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new VirtualServiceSpec
            {
                Vip = vip,
                Ports =
                [
                    new VirtualServicePort
                    {
                        Name = $"p{port.ToString(CultureInfo.InvariantCulture)}",
                        Port = port,
                        Protocol = protocol,
                        TargetPort = targetPort is { } target ? (IntOrString)target : null,
                    },
                ],
                Scheduler = scheduler,
                Persistence = persistenceSeconds > 0 ? new PersistenceSpec { TimeoutSeconds = persistenceSeconds, Netmask = netmask } : null,
                Backends = [.. backends.Select(b => new StaticBackend { Ip = b.Ip, Weight = b.Weight })],
            },
        });

    /// <summary>The demo: TCP 80 -> three real servers on 8080.</summary>
    public static string Web(params (string Ip, int Weight)[] backends) => Web(persistenceSeconds: 0, netmask: null, backends);

    public static string Web(int persistenceSeconds, string? netmask, params (string Ip, int Weight)[] backends) =>
        Service("web", "198.18.0.100", 80, targetPort: 8080, persistenceSeconds: persistenceSeconds, netmask: netmask,
            backends: backends.Length > 0 ? backends : [("198.18.1.11", 1), ("198.18.1.12", 1), ("198.18.1.13", 1)]);
}
