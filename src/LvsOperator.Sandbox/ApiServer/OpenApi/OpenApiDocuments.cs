using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Discovery;

namespace LvsOperator.Sandbox.ApiServer.OpenApi;

/// <summary>
/// OpenAPI v3: the /openapi/v3 index and one document per group-version, rebuilt when the catalog changes.
/// kubectl needs, per kind, PATCH operations tagged x-kubernetes-group-version-kind with a fieldValidation
/// query parameter (else it falls back to OpenAPI v2, which is not served). Built-in schemas are permissive;
/// CRD schemas are the CRD's own. Strategic merge patch is deliberately not advertised, so kubectl computes
/// its patches from its compiled-in Go types rather than from these permissive schemas.
/// </summary>
internal sealed class OpenApiDocuments(ResourceCatalog catalog, string kubernetesVersion)
{
    private readonly Lock _gate = new();
    private int _builtFor = -1;
    private Dictionary<string, (string Json, string Hash)> _documents = [];

    public JsonObject Index()
    {
        var paths = new JsonObject();
        foreach (var (key, (_, hash)) in Documents())
        {
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={hash}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document for "api/v1" or "apis/{group}/{version}", or null.</summary>
    public string? Document(string key) => Documents().TryGetValue(key, out var doc) ? doc.Json : null;

    private Dictionary<string, (string Json, string Hash)> Documents()
    {
        lock (_gate)
        {
            if (_builtFor != catalog.Generation)
            {
                _builtFor = catalog.Generation;
                _documents = Build();
            }

            return _documents;
        }
    }

    private Dictionary<string, (string, string)> Build()
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var (group, versions) in catalog.Groups())
        {
            foreach (var version in versions)
            {
                var key = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
                var json = BuildDocument(catalog.InGroupVersion(group, version)).ToJsonString();
                var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
                result[key] = (json, hash);
            }
        }

        return result;
    }

    private JsonObject BuildDocument(IReadOnlyList<ResourceDefinition> defs)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var d in defs)
        {
            var schemaName = SchemaName(d);
            schemas[schemaName] = Schema(d);
            var prefix = d.Group.Length == 0 ? $"/api/{d.Version}" : $"/apis/{d.Group}/{d.Version}";
            var collection = d.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{d.Plural}" : $"{prefix}/{d.Plural}";
            paths[collection] = OpenApiOperations.Collection(d, schemaName);
            paths[collection + "/{name}"] = OpenApiOperations.Item(d, schemaName, d.Kind);
            if (d.HasStatus)
            {
                paths[collection + "/{name}/status"] = OpenApiOperations.Item(d, schemaName, d.Kind);
            }

            if (d.Namespaced)
            {
                paths[$"{prefix}/{d.Plural}"] = OpenApiOperations.AllNamespacesList(d, schemaName);
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = kubernetesVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject Schema(ResourceDefinition d)
    {
        JsonObject schema;
        if (d.Schema is not null)
        {
            schema = (JsonObject)d.Schema.DeepClone();
            if (schema["properties"] is not JsonObject props)
            {
                schema["properties"] = props = new JsonObject();
            }

            props["apiVersion"] ??= new JsonObject { ["type"] = "string" };
            props["kind"] ??= new JsonObject { ["type"] = "string" };
            props["metadata"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        }
        else
        {
            schema = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        }

        schema["x-kubernetes-group-version-kind"] = new JsonArray(OpenApiOperations.Gvk(d));
        return schema;
    }

    internal static string SchemaName(ResourceDefinition d)
    {
        if (!d.IsCustom)
        {
            var g = d.Group.Length == 0 ? "core" : d.Group.Split('.')[0];
            return $"io.k8s.api.{g}.{d.Version}.{d.Kind}";
        }

        var reversed = string.Join('.', d.Group.Split('.').Reverse());
        return $"{reversed}.{d.Version}.{d.Kind}";
    }
}
