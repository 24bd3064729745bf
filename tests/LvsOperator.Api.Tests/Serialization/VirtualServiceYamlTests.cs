using k8s.Models;
using LvsOperator.Api.Serialization;
using YamlDotNet.RepresentationModel;

namespace LvsOperator.Api.Tests.Serialization;

public sealed class VirtualServiceYamlTests
{
    private static readonly VirtualService Web = new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" },
        Spec = new VirtualServiceSpec
        {
            Vip = "198.18.0.100",
            Ports = [new VirtualServicePort { Name = "http", Port = 80, Protocol = "TCP" }],
            Backends = [new StaticBackend { Ip = "198.18.1.11", Port = 8080, Weight = 1 }, new StaticBackend { Ip = "198.18.1.12", Port = 8080, Weight = 0 }],
            Scheduler = "rr",
            Persistence = new PersistenceSpec { TimeoutSeconds = 300 },
        },
    };

    private static readonly VirtualService Dns = new()
    {
        Metadata = new V1ObjectMeta { Name = "dns", NamespaceProperty = "default" },
        Spec = new VirtualServiceSpec
        {
            Vip = "198.18.0.100",
            Ports = [new VirtualServicePort { Name = "dns", Port = 53, Protocol = "UDP", TargetPort = 5353 }],
            Backends = [new StaticBackend { Ip = "198.18.1.13" }],
        },
    };

    [Fact]
    public void WritesOneVirtualServiceDocumentPerService()
    {
        var yaml = VirtualServiceYaml.Write(Web, Dns);

        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));

        Assert.Equal(2, stream.Documents.Count);
        var web = (YamlMappingNode)stream.Documents[0].RootNode;
        Assert.Equal("lvs.lvs-operator.dev/v1alpha1", Scalar(web, "apiVersion"));
        Assert.Equal("VirtualService", Scalar(web, "kind"));
        var spec = (YamlMappingNode)web["spec"];
        Assert.Equal("rr", Scalar(spec, "scheduler"));
        Assert.Equal("300", Scalar((YamlMappingNode)spec["persistence"], "timeoutSeconds"));
        var backends = (YamlSequenceNode)spec["backends"];
        Assert.Equal("0", Scalar((YamlMappingNode)backends[1], "weight"));
        var port = (YamlMappingNode)((YamlSequenceNode)spec["ports"])[0];
        Assert.Equal("80", Scalar(port, "port"));
        var dns = (YamlMappingNode)stream.Documents[1].RootNode;
        Assert.Equal("UDP", Scalar((YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)dns["spec"])["ports"])[0], "protocol"));
        Assert.Single((YamlSequenceNode)((YamlMappingNode)dns["spec"])["backends"]);
    }

    [Fact]
    public void The_agents_reader_takes_back_what_it_writes_and_two_streams_concatenate()
    {
        var yaml = VirtualServiceYaml.Write(Web) + VirtualServiceYaml.Write(Dns);

        Assert.True(VirtualServiceDocuments.TryLoad(yaml, out var services, out var problems), string.Join('\n', problems));

        Assert.Equal(["default/web", "default/dns"], services.Select(s => s.Key()));
        Assert.Equal([1, 0], services[0].Spec.Backends!.Select(b => b.Weight));
        Assert.Equal(5353, services[1].Spec.Ports[0].NumericTargetPort);
        Assert.Null(services[1].Spec.Persistence);
        Assert.DoesNotContain("status", yaml, StringComparison.Ordinal);
    }

    private static string? Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value;
}
