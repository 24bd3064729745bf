using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Endpoints;

namespace LvsOperator.Sandbox.ApiServer.Patching;

/// <summary>RFC 6902 JSON patch: add, remove, replace, move, copy, test with RFC 6901 pointers.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonNode? patch)
    {
        if (patch is not JsonArray ops)
        {
            throw ApiException.BadRequest("json patch must be an array of operations");
        }

        var root = new JsonObject { ["r"] = target };
        foreach (var opNode in ops)
        {
            if (opNode is not JsonObject op)
            {
                throw ApiException.BadRequest("json patch operation must be an object");
            }

            var kind = (string?)op["op"];
            var path = (string?)op["path"] ?? throw ApiException.BadRequest("json patch operation has no path");
            switch (kind)
            {
                case "add":
                    Add(root, path, op["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    Add(root, path, op["value"]?.DeepClone());
                    break;
                case "move":
                    {
                        var from = (string?)op["from"] ?? string.Empty;
                        var value = Get(root, from)?.DeepClone();
                        Remove(root, from);
                        Add(root, path, value);
                        break;
                    }

                case "copy":
                    Add(root, path, Get(root, (string?)op["from"] ?? string.Empty)?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), op["value"]))
                    {
                        throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: test failed at {path}");
                    }

                    break;
                default:
                    throw ApiException.BadRequest($"Unexpected kind: {kind}");
            }
        }

        return root["r"] ?? new JsonObject();
    }

    private static (JsonNode Parent, string Last) Resolve(JsonObject root, string pointer)
    {
        var parts = pointer.Length == 0 ? [] : pointer[1..].Split('/');
        JsonNode node = root["r"]!;
        var last = parts.Length == 0 ? string.Empty : Unescape(parts[^1]);
        if (parts.Length == 0)
        {
            return (root, "r");
        }

        for (var i = 0; i < parts.Length - 1; i++)
        {
            node = Child(node, Unescape(parts[i])) ?? throw Missing(pointer);
        }

        return (node, last);
    }

    private static JsonNode? Child(JsonNode node, string token) => node switch
    {
        JsonObject o => o[token],
        JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
        _ => null,
    };

    private static JsonNode? Get(JsonObject root, string pointer)
    {
        var (parent, last) = Resolve(root, pointer);
        return Child(parent, last);
    }

    private static void Add(JsonObject root, string pointer, JsonNode? value)
    {
        var (parent, last) = Resolve(root, pointer);
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Missing(pointer);
        }
    }

    private static void Remove(JsonObject root, string pointer)
    {
        var (parent, last) = Resolve(root, pointer);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                a.RemoveAt(i);
                break;
            default:
                throw Missing(pointer);
        }
    }

    private static ApiException Missing(string pointer) =>
        new(422, "Invalid", $"the server rejected our request due to an error in our request: doc is missing path: \"{pointer}\"");

    private static string Unescape(string token) => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
