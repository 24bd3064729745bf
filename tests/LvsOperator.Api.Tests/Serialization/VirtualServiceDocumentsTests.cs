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
    public void Invalid_documents_are_reported_with_their_position_and_field()
    {
        var yaml = TwoServices.Replace("198.18.0.101", "198.18.0.999", StringComparison.Ordinal);
        Assert.False(VirtualServiceDocuments.TryLoad(yaml, out _, out var problems));
        var problem = Assert.Single(problems);
        Assert.StartsWith("document 2 (infra/dns): spec.vip:", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spec: [unclosed")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")]
    [InlineData("apiVersion: lvs.lvs-operator.dev/v1alpha1\nkind: VirtualService\nmetadata: {name: x}\nspec: {vip: 198.18.0.1, ports: [{port: 80}], backends: [{ip: 198.18.1.1}], bogus: 1}\n")]
    public void Garbage_is_refused_without_throwing(string yaml)
    {
        Assert.False(VirtualServiceDocuments.TryLoad(yaml, out _, out var problems));
        Assert.NotEmpty(problems);
    }

    [Fact]
    public void Duplicate_names_are_refused()
    {
        var first = TwoServices.Split("---")[0];
        Assert.False(VirtualServiceDocuments.TryLoad(first + "---\n" + first, out _, out var problems));
        Assert.Contains(problems, p => p.Contains("duplicate name", StringComparison.Ordinal));
    }
}
