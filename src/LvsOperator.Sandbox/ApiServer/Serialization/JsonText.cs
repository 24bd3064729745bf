using System.Text.Json;
using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Serialization;

/// <summary>Deep equality and number helpers over JsonNode that System.Text.Json leaves out.</summary>
internal static class JsonText
{
    /// <summary>Reads an integer that may have been stored as long, int or double.</summary>
    public static long? Int(JsonNode? node)
    {
        if (node is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (v.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (v.TryGetValue<double>(out var d))
        {
            return (long)d;
        }

        if (v.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var el))
        {
            return el;
        }

        return null;
    }

    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject meta)
        {
            obj["metadata"] = meta = new JsonObject();
        }

        return meta;
    }
}
