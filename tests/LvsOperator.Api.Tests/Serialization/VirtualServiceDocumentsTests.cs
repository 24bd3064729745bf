using k8s;
using k8s.Models;
using LvsOperator.Api.Serialization;

namespace LvsOperator.Api.Tests.Serialization;

public sealed class VirtualServiceDocumentsTests
{
    private const string TwoServices = """
        apiVersion: lvs.lvs-operator.dev/v1alpha1
        kind: VirtualService
        metadata: {name: web}
        spec:
          vip: 198.18.0.100
          ports: [{name: http, port: 80, protocol: TCP, targetPort: 8080}]
          scheduler: rr
          persistence: {timeoutSeconds: 300, netmask: 255.255.255.0}
          backends:
          - {ip: 198.18.1.11, weight: 2}
          - {ip: 198.18.1.12}
        ---
        apiVersion: lvs.lvs-operator.dev/v1alpha1
        kind: VirtualService
        metadata: {name: dns, namespace: infra}
        spec:
          vip: 198.18.0.101
          ports: [{port: 53, protocol: UDP}]
          backends: [{ip: 198.18.1.13, port: 5353}]
        """;

    [Fact]
    public void Loads_a_stream_of_documents()
    {
        Assert.True(VirtualServiceDocuments.TryLoad(TwoServices, out var services, out var problems), string.Join("\n", problems));
        Assert.Equal(["default/web", "infra/dns"], services.Select(s => s.Key()));
        var web = services[0].Spec;
        Assert.Equal(("rr", 300, "8080"), (web.EffectiveScheduler, web.Persistence!.TimeoutSeconds, web.Ports[0].TargetPort!.Value));
        Assert.Equal(2, web.Backends![0].Weight);
        Assert.Equal("maglev", services[1].Spec.EffectiveScheduler);
        Assert.Equal("UDP", services[1].Spec.Ports[0].EffectiveProtocol);
    }

    [Fact]
    public void Reads_back_what_KubernetesClient_writes()
    {
        var yaml = KubernetesYaml.SerializeAll([Service("web"), Service("dns", "infra")]);

        Assert.True(VirtualServiceDocuments.TryLoad(yaml, out var services, out var problems), string.Join("\n", problems));

        Assert.Equal(["default/web", "infra/dns"], services.Select(s => s.Key()));
        Assert.Equal(8080, services[0].Spec.Ports[0].NumericTargetPort);
    }

    [Fact]
    public void Invalid_documents_are_reported_with_their_position_and_field()
    {
        var yaml = TwoServices.Replace("198.18.0.101", "198.18.0.999", StringComparison.Ordinal);
        Assert.False(VirtualServiceDocuments.TryLoad(yaml, out _, out var problems));
        var problem = Assert.Single(problems);
        Assert.StartsWith("document 2 (infra/dns): spec.vip:", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lvs.lvs-operator.dev/v1alpha2", "VirtualService")] // a typo KubernetesClient does not know: KeyNotFoundException
    [InlineData("example.com/v1", "Widget")] // a custom kind
    [InlineData("v1", "ConfigMap")] // a kind KubernetesClient knows
    [InlineData("lvs.lvs-operator.dev/v1alpha1", "VirtualServiceList")]
    public void A_foreign_document_is_refused_with_its_apiVersion_and_kind(string apiVersion, string kind)
    {
        var foreign = Service("other");
        (foreign.ApiVersion, foreign.Kind) = (apiVersion, kind);
        var yaml = KubernetesYaml.SerializeAll([Service("web"), foreign]);
        var line = LineOf(yaml, $"apiVersion: {apiVersion}", occurrence: apiVersion == VirtualServiceApi.ApiVersion ? 2 : 1);

        Assert.False(VirtualServiceDocuments.TryLoad(yaml, out _, out var problems));

        Assert.Equal(
            $"document 2 (line {line}): apiVersion {apiVersion} kind {kind} is not lvs.lvs-operator.dev/v1alpha1 VirtualService",
            Assert.Single(problems));
    }

    [Theory]
    [InlineData("kind: VirtualService\nmetadata: {name: x}\n", "document 1 (line 1): no apiVersion; expected lvs.lvs-operator.dev/v1alpha1 VirtualService")]
    [InlineData("apiVersion: lvs.lvs-operator.dev/v1alpha1\n", "document 1 (line 1): no kind; expected lvs.lvs-operator.dev/v1alpha1 VirtualService")]
    [InlineData("apiVersion: {group: lvs}\nkind: VirtualService\n", "document 1 (line 1): apiVersion is not a string")]
    [InlineData("apiVersion: lvs.lvs-operator.dev/v1alpha1\nkind: [VirtualService]\n", "document 1 (line 1): kind is not a string")]
    [InlineData("just a sentence\n", "document 1 (line 1): a YAML scalar, not a mapping with apiVersion and kind lvs.lvs-operator.dev/v1alpha1 VirtualService")]
    [InlineData("---\n- apiVersion: lvs.lvs-operator.dev/v1alpha1\n", "document 1 (line 2): a YAML list, not a mapping with apiVersion and kind lvs.lvs-operator.dev/v1alpha1 VirtualService")]
    public void A_document_without_a_usable_header_is_refused_with_what_it_is(string yaml, string expected)
    {
        Assert.False(VirtualServiceDocuments.TryLoad(yaml, out _, out var problems));
        Assert.Equal(expected, Assert.Single(problems));
    }

    [Theory]
    [InlineData("---\n{0}")]
    [InlineData("{0}\n---\n")]
    [InlineData("{0}\n---\n---\n{1}")]
    [InlineData("--- ~\n---\n{0}\n---\n# nothing but a comment\n---\n{1}\n...\n")]
    public void Empty_documents_in_the_stream_are_skipped(string layout)
    {
        var yaml = string.Format(System.Globalization.CultureInfo.InvariantCulture, layout, KubernetesYaml.Serialize(Service("web")), KubernetesYaml.Serialize(Service("dns")));

        Assert.True(VirtualServiceDocuments.TryLoad(yaml, out var services, out var problems), string.Join("\n", problems));

        Assert.Equal(layout.Contains("{1}", StringComparison.Ordinal) ? 2 : 1, services.Count);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("# no services on this director\n", 0)]
    [InlineData("---\n---\n", 0)]
    public void A_stream_without_documents_means_no_services(string yaml, int count)
    {
        Assert.True(VirtualServiceDocuments.TryLoad(yaml, out var services, out _));
        Assert.Equal(count, services.Count);
    }

    [Theory]
    [InlineData("metadata: {name: web}", "metadata: ~", "document 1 (default/): metadata.name: is required")]
    [InlineData("ports: [{name: http, port: 80}]", "ports: [~]", "document 1 (default/web): spec.ports[0]: is null; expected a port")]
    [InlineData("backends: [{ip: 198.18.1.11}]", "backends: [{ip: 198.18.1.11}, ~]", "document 1 (default/web): spec.backends[1]: is null; expected a backend")]
    [InlineData("spec: {vip: 198.18.0.100, ports: [{name: http, port: 80}], backends: [{ip: 198.18.1.11}]}", "spec: ~", "document 1 (default/web): spec: is required")]
    public void Null_where_an_object_belongs_is_a_problem_not_a_crash(string replace, string with, string expected)
    {
        const string Yaml = """
            apiVersion: lvs.lvs-operator.dev/v1alpha1
            kind: VirtualService
            metadata: {name: web}
            spec: {vip: 198.18.0.100, ports: [{name: http, port: 80}], backends: [{ip: 198.18.1.11}]}
            """;

        Assert.False(VirtualServiceDocuments.TryLoad(Yaml.Replace(replace, with, StringComparison.Ordinal), out _, out var problems));

        Assert.Equal(expected, Assert.Single(problems));
    }

    [Fact]
    public void Duplicate_names_are_refused()
    {
        var first = TwoServices.Split("---")[0];
        Assert.False(VirtualServiceDocuments.TryLoad(first + "---\n" + first, out _, out var problems));
        Assert.Contains(problems, p => p.Contains("duplicate name", StringComparison.Ordinal));
    }

    [Fact]
    public void A_syntax_error_is_refused_with_its_line_and_column()
    {
        Assert.False(VirtualServiceDocuments.TryLoad(KubernetesYaml.Serialize(Service("web")) + "\n---\nspec: [unclosed\n", out _, out var problems));
        Assert.Matches(@"^not a YAML stream: line 20, column \d+: ", Assert.Single(problems));
    }

    internal static VirtualService Service(string name, string @namespace = "default") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
        Spec = new VirtualServiceSpec
        {
            Vip = "198.18.0.100",
            Ports = [new VirtualServicePort { Name = "http", Port = 80, Protocol = "TCP", TargetPort = 8080 }],
            Backends = [new StaticBackend { Ip = "198.18.1.11" }, new StaticBackend { Ip = "198.18.1.12", Weight = 2 }],
            Scheduler = "rr",
        },
    };

    /// <summary>The 1-based line of the <paramref name="occurrence"/>th line that starts with <paramref name="prefix"/>.</summary>
    internal static int LineOf(string yaml, string prefix, int occurrence = 1)
    {
        var lines = yaml.Split('\n');
        for (int i = 0, seen = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith(prefix, StringComparison.Ordinal) && ++seen == occurrence)
            {
                return i + 1;
            }
        }

        throw new InvalidOperationException($"no line {occurrence} starting with {prefix}");
    }
}
