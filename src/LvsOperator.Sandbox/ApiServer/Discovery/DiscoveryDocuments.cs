using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Discovery;

/// <summary>
/// The unaggregated discovery documents (APIVersions, APIGroupList, APIGroup, APIResourceList). Answering plain
/// application/json to the aggregated Accept header makes client-go fall back to these.
/// </summary>
internal static class DiscoveryDocuments
{
    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] StatusVerbs = ["get", "patch", "update"];

    public static JsonObject Version(string gitVersion)
    {
        var parts = gitVersion.TrimStart('v').Split('.');
        return new JsonObject
        {
            ["major"] = parts[0],
            ["minor"] = parts.Length > 1 ? parts[1] : "0",
            ["gitVersion"] = gitVersion,
            ["gitCommit"] = "0000000000000000000000000000000000000000",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2025-01-01T00:00:00Z",
            ["goVersion"] = "go1.23.0",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        };
    }

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(ResourceCatalog catalog)
    {
        var groups = new JsonArray();
        foreach (var (group, versions) in catalog.Groups())
        {
            if (group.Length > 0)
            {
                groups.Add(Group(group, versions));
            }
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public static JsonObject? GroupDocument(ResourceCatalog catalog, string group)
    {
        foreach (var (name, versions) in catalog.Groups())
        {
            if (name == group)
            {
                var doc = Group(group, versions);
                doc["kind"] = "APIGroup";
                doc["apiVersion"] = "v1";
                return doc;
            }
        }

        return null;
    }

    public static JsonObject? ResourceList(ResourceCatalog catalog, string group, string version)
    {
        var defs = catalog.InGroupVersion(group, version);
        if (defs.Count == 0)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var d in defs)
        {
            resources.Add(new JsonObject
            {
                ["name"] = d.Plural,
                ["singularName"] = d.Singular,
                ["namespaced"] = d.Namespaced,
                ["kind"] = d.Kind,
                ["verbs"] = Strings(AllVerbs),
                ["shortNames"] = Strings(d.ShortNames),
                ["categories"] = Strings(d.Categories),
                ["storageVersionHash"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(d.StorageKind))[..Math.Min(11, d.StorageKind.Length)],
            });
            if (d.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = d.Plural + "/status",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = d.Namespaced,
                    ["kind"] = d.Kind,
                    ["verbs"] = Strings(StatusVerbs),
                });
            }

            if (d.HasScale)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = d.Plural + "/scale",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = d.Namespaced,
                    ["group"] = "autoscaling",
                    ["version"] = "v1",
                    ["kind"] = "Scale",
                    ["verbs"] = Strings(StatusVerbs),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = defs[0].GroupVersion,
            ["resources"] = resources,
        };
    }

    private static JsonObject Group(string group, IReadOnlyList<string> versions)
    {
        var list = new JsonArray();
        foreach (var v in versions)
        {
            list.Add(new JsonObject { ["groupVersion"] = $"{group}/{v}", ["version"] = v });
        }

        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = list,
            ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{group}/{versions[0]}", ["version"] = versions[0] },
        };
    }

    private static JsonArray Strings(IEnumerable<string> values)
    {
        var a = new JsonArray();
        foreach (var v in values)
        {
            a.Add(v);
        }

        return a;
    }
}
