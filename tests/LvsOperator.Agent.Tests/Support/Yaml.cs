using System.Globalization;
using System.Text;

namespace LvsOperator.Agent.Tests.Support;

/// <summary>VirtualService documents for the tests, in the --config FILE format.</summary>
internal static class Yaml
{
    public const string ApiVersion = "lvs.lvs-operator.dev/v1alpha1";

    public static string Service(
        string name,
        string vip,
        int port,
        string protocol = "TCP",
        string scheduler = "rr",
        int? targetPort = null,
        int persistenceSeconds = 0,
        params (string Ip, int Weight)[] backends)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            ---
            apiVersion: {ApiVersion}
            kind: VirtualService
            metadata:
              name: {name}
            spec:
              vip: {vip}
              ports:
              - name: p{port}
                port: {port}
                protocol: {protocol}

            """);
        if (targetPort is { } target)
        {
            text.Append(CultureInfo.InvariantCulture, $"    targetPort: {target}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"  scheduler: {scheduler}\n");
        if (persistenceSeconds > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"  persistence:\n    timeoutSeconds: {persistenceSeconds}\n");
        }

        text.Append("  backends:\n");
        foreach (var (ip, weight) in backends)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - ip: {ip}\n    weight: {weight}\n");
        }

        return text.ToString();
    }

    /// <summary>The demo: TCP 80 -> three real servers on 8080.</summary>
    public static string Web(params (string Ip, int Weight)[] backends) =>
        Service("web", "198.18.0.100", 80, targetPort: 8080, backends: backends.Length > 0 ? backends : [("198.18.1.11", 1), ("198.18.1.12", 1), ("198.18.1.13", 1)]);
}
