using System.Text;
using k8s;

namespace LvsOperator.Api.Serialization;

/// <summary>
/// Writes VirtualServices as a YAML stream (the standalone agent's --config file) with KubernetesClient's serializer,
/// the counterpart of <see cref="VirtualServiceDocuments"/>: field names, IntOrString and metadata come out exactly
/// as the reader and the API server take them. Every document starts with "---", so two streams concatenate into one.
/// </summary>
public static class VirtualServiceYaml
{
    public static string Write(params IEnumerable<VirtualService> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var yaml = new StringBuilder();
        foreach (var service in services)
        {
            var document = KubernetesYaml.Serialize(service);
            yaml.Append("---\n").Append(document);
            if (!document.EndsWith('\n'))
            {
                yaml.Append('\n');
            }
        }

        return yaml.ToString();
    }
}
