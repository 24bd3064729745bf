using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Discovery;

namespace LvsOperator.Sandbox.ApiServer.OpenApi;

/// <summary>Path items of an OpenAPI v3 document: operations with the extensions and parameters kubectl inspects.</summary>
internal static class OpenApiOperations
{
    public static JsonObject Gvk(ResourceDefinition d) =>
        new() { ["group"] = d.Group, ["version"] = d.Version, ["kind"] = d.Kind };

    public static JsonObject Collection(ResourceDefinition d, string schema) => new()
    {
        ["get"] = Operation(d, "list", schema, d.ListKind, Query("labelSelector", "fieldSelector", "limit", "continue", "resourceVersion", "watch", "allowWatchBookmarks", "sendInitialEvents", "timeoutSeconds")),
        ["post"] = Operation(d, "post", schema, d.Kind, Query("dryRun", "fieldManager", "fieldValidation"), ["application/json", "application/yaml"]),
        ["delete"] = Operation(d, "deletecollection", schema, d.Kind, Query("labelSelector", "fieldSelector", "dryRun")),
        ["parameters"] = PathParameters(d.Namespaced, withName: false),
    };

    public static JsonObject Item(ResourceDefinition d, string schema, string kind) => new()
    {
        ["get"] = Operation(d, "get", schema, kind, Query()),
        ["put"] = Operation(d, "put", schema, kind, Query("dryRun", "fieldManager", "fieldValidation"), ["application/json", "application/yaml"]),
        ["patch"] = Operation(d, "patch", schema, kind, Query("dryRun", "fieldManager", "fieldValidation", "force"), ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]),
        ["delete"] = Operation(d, "delete", schema, kind, Query("dryRun", "gracePeriodSeconds", "propagationPolicy")),
        ["parameters"] = PathParameters(d.Namespaced, withName: true),
    };

    public static JsonObject AllNamespacesList(ResourceDefinition d, string schema) => new()
    {
        ["get"] = Operation(d, "list", schema, d.ListKind, Query("labelSelector", "fieldSelector", "limit", "continue", "resourceVersion", "watch")),
    };

    private static JsonObject Operation(ResourceDefinition d, string action, string schema, string kind, JsonArray parameters, string[]? bodyTypes = null)
    {
        _ = kind;
        var op = new JsonObject
        {
            ["operationId"] = $"{action}{d.Kind}",
            ["parameters"] = parameters,
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(schema) } },
                },
            },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = Gvk(d),
        };
        if (bodyTypes is not null)
        {
            var content = new JsonObject();
            foreach (var t in bodyTypes)
            {
                content[t] = new JsonObject { ["schema"] = action == "patch" ? new JsonObject { ["type"] = "object" } : Ref(schema) };
            }

            op["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true };
        }

        return op;
    }

    private static JsonObject Ref(string schema) => new() { ["$ref"] = $"#/components/schemas/{schema}" };

    private static JsonArray Query(params string[] names)
    {
        var list = new JsonArray();
        foreach (var n in names)
        {
            list.Add(new JsonObject
            {
                ["name"] = n,
                ["in"] = "query",
                ["schema"] = new JsonObject { ["type"] = n is "limit" or "timeoutSeconds" or "gracePeriodSeconds" ? "integer" : n is "watch" or "force" or "allowWatchBookmarks" or "sendInitialEvents" ? "boolean" : "string" },
                ["uniqueItems"] = true,
            });
        }

        return list;
    }

    private static JsonArray PathParameters(bool namespaced, bool withName)
    {
        var list = new JsonArray();
        if (withName)
        {
            list.Add(PathParameter("name"));
        }

        if (namespaced)
        {
            list.Add(PathParameter("namespace"));
        }

        return list;
    }

    private static JsonObject PathParameter(string name) => new()
    {
        ["name"] = name,
        ["in"] = "path",
        ["required"] = true,
        ["schema"] = new JsonObject { ["type"] = "string" },
    };
}
