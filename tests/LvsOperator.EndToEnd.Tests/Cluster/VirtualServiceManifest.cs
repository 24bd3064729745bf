using System.Globalization;

namespace LvsOperator.EndToEnd.Tests.Cluster;

/// <summary>A VirtualService as a user writes it for kubectl apply: one port, pods of a Service (or nothing, to test that).</summary>
internal sealed record VirtualServiceManifest(string Name, string Vip, int Port, string TargetPort, string? Service = "echo")
{
    public string Namespace { get; init; } = "default";

    public string Protocol { get; init; } = "TCP";

    public string Scheduler { get; init; } = "maglev";

    public string ToYaml()
    {
        var service = Service is null ? string.Empty : $"  service: {Service}\n";
        return string.Create(CultureInfo.InvariantCulture, $"""
            apiVersion: lvs.lvs-operator.dev/v1alpha1
            kind: VirtualService
            metadata:
              name: {Name}
              namespace: {Namespace}
            spec:
              vip: "{Vip}"
              scheduler: {Scheduler}
            {service}  ports:
              - name: p{Port}
                port: {Port}
                protocol: {Protocol}
                targetPort: {TargetPort}

            """);
    }
}
