using LvsOperator.Sandbox.Directors;
using YamlDotNet.RepresentationModel;

namespace LvsOperator.Sandbox.Tests.Directors;

public sealed class VirtualServiceYamlTests
{
    [Fact]
    public void WritesOneVirtualServiceDocumentPerService()
    {
        var yaml = VirtualServiceYaml.Write(
        [
            new VirtualServiceDefinition("web", "198.18.0.100", new PortDefinition("http", 80),
                [new BackendDefinition("198.18.1.11", 8080), new BackendDefinition("198.18.1.12", 8080, 0)], "rr", 300),
            new VirtualServiceDefinition("dns", "198.18.0.100", new PortDefinition("dns", 53, "UDP"), [new BackendDefinition("198.18.1.13", 5353)]),
        ]);

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

    private static string? Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value;
}
