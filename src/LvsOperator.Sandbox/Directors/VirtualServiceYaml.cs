using System.Globalization;
using System.Text;

namespace LvsOperator.Sandbox.Directors;

/// <summary>
/// Writes the agent's --config FILE: a YAML stream of VirtualService documents. The only place that knows the
/// schema (ARCHITECTURE.md §3, LvsOperator.Api), so a schema change is one edit here.
/// </summary>
public static class VirtualServiceYaml
{
    public const string ApiVersion = "lvs.lvs-operator.dev/v1alpha1";

    public static string Write(IEnumerable<VirtualServiceDefinition> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var yaml = new StringBuilder();
        foreach (var service in services)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"""
                ---
                apiVersion: {ApiVersion}
                kind: VirtualService
                metadata:
                  name: {service.Name}
                  namespace: default
                spec:
                  vip: {service.Vip}
                  ports:
                  - name: {service.Port.Name}
                    port: {service.Port.Port}
                    protocol: {service.Port.Protocol}
                  scheduler: {service.Scheduler}
                  persistence:
                    timeoutSeconds: {service.PersistenceTimeoutSeconds}
                  backends:

                """);
            if (service.Backends.Count == 0)
            {
                yaml.Length -= 1;
                yaml.Append(" []\n");
            }

            foreach (var backend in service.Backends)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"  - ip: {backend.Ip}\n    port: {backend.Port}\n    weight: {backend.Weight}\n");
            }
        }

        return yaml.ToString();
    }
}
