using k8s;
using LvsOperator.Api.Validation;

namespace LvsOperator.Api.Serialization;

/// <summary>
/// Reads a YAML stream of VirtualService documents (the standalone agent's --config file, or examples/). Uses
/// KubernetesClient's YAML reader so field names, IntOrString and metadata behave exactly as through the API.
/// </summary>
public static class VirtualServiceDocuments
{
    private static readonly Dictionary<string, Type> TypeMap = new(StringComparer.Ordinal)
    {
        [$"{VirtualServiceApi.ApiVersion}/{VirtualServiceApi.Kind}"] = typeof(VirtualService),
    };

    /// <summary>Parses and validates every document; on any problem returns false and says where, so callers keep their last good config.</summary>
    public static bool TryLoad(string yaml, out IReadOnlyList<VirtualService> services, out IReadOnlyList<string> problems)
    {
        var found = new List<VirtualService>();
        var errors = new List<string>();
        services = found;
        problems = errors;

        List<object> documents;
        try
        {
            documents = KubernetesYaml.LoadAllFromString(yaml, TypeMap, strict: true);
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException or FormatException)
        {
            errors.Add($"not a YAML stream of {VirtualServiceApi.ApiVersion} {VirtualServiceApi.Kind} documents: {Flatten(ex)}");
            return false;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < documents.Count; i++)
        {
            if (documents[i] is not VirtualService service)
            {
                errors.Add($"document {i + 1}: expected apiVersion {VirtualServiceApi.ApiVersion} kind {VirtualServiceApi.Kind}");
                continue;
            }

            service.Metadata.NamespaceProperty ??= "default";
            var label = $"document {i + 1} ({service.Key()})";
            foreach (var error in VirtualServiceValidator.Validate(service))
            {
                errors.Add($"{label}: {error}");
            }

            if (!names.Add(service.Key()))
            {
                errors.Add($"{label}: duplicate name");
            }

            found.Add(service);
        }

        return errors.Count == 0;
    }

    private static string Flatten(Exception ex)
    {
        var message = ex.Message;
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            message += ": " + inner.Message;
        }

        return message;
    }
}
