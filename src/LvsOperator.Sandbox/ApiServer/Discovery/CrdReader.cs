using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Discovery;

/// <summary>Turns a stored CustomResourceDefinition into one ResourceDefinition per served version.</summary>
internal static class CrdReader
{
    public static IEnumerable<ResourceDefinition> Read(JsonObject crd)
    {
        if (crd["spec"] is not JsonObject spec || spec["names"] is not JsonObject names)
        {
            yield break;
        }

        var group = (string?)spec["group"] ?? string.Empty;
        var plural = (string?)names["plural"] ?? string.Empty;
        var kind = (string?)names["kind"] ?? string.Empty;
        var singular = (string?)names["singular"] ?? kind.ToLowerInvariant();
        var namespaced = !string.Equals((string?)spec["scope"], "Cluster", StringComparison.Ordinal);
        var shortNames = Strings(names["shortNames"]);
        var categories = Strings(names["categories"]);
        if (spec["versions"] is not JsonArray versions)
        {
            yield break;
        }

        foreach (var v in versions)
        {
            if (v is not JsonObject version || version["served"]?.GetValue<bool>() == false)
            {
                continue;
            }

            var hasStatus = version["subresources"] is JsonObject sub && sub.ContainsKey("status");
            var schema = version["schema"]?["openAPIV3Schema"] as JsonObject;
            yield return new ResourceDefinition(
                group, (string?)version["name"] ?? "v1", plural, kind, singular, namespaced, shortNames, categories,
                hasStatus, schema, Columns(version["additionalPrinterColumns"] as JsonArray), IsCustom: true);
        }
    }

    private static List<PrinterColumn> Columns(JsonArray? columns)
    {
        var result = new List<PrinterColumn>();
        if (columns is null)
        {
            return result;
        }

        foreach (var c in columns)
        {
            if (c is JsonObject o)
            {
                result.Add(new PrinterColumn(
                    (string?)o["name"] ?? string.Empty, (string?)o["type"] ?? "string", (string?)o["format"] ?? string.Empty,
                    (string?)o["description"] ?? string.Empty, o["priority"]?.GetValue<int>() ?? 0, (string?)o["jsonPath"] ?? string.Empty));
            }
        }

        return result;
    }

    private static List<string> Strings(JsonNode? node)
    {
        var list = new List<string>();
        if (node is JsonArray a)
        {
            foreach (var item in a)
            {
                if (item is JsonValue value && value.TryGetValue<string>(out var s))
                {
                    list.Add(s);
                }
            }
        }

        return list;
    }
}
