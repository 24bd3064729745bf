using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LvsOperator.Sandbox.ApiServer.Endpoints;

namespace LvsOperator.Sandbox.ApiServer.Schema;

/// <summary>
/// Enforces a CRD's openAPIV3Schema on a custom object the way the apiserver orders it: defaults, pruning of
/// unknown fields (unless x-kubernetes-preserve-unknown-fields), then validation of types, required, enum,
/// bounds, lengths, pattern, item counts, format ipv4 and int-or-string. x-kubernetes-validations (CEL) is
/// not evaluated. Messages follow the apiserver's wording so kubectl shows what a user would see.
/// </summary>
internal static class StructuralSchema
{
    private static readonly HashSet<string> RootKeys = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata" };

    public static SchemaOutcome Enforce(JsonObject obj, JsonObject schema)
    {
        var outcome = new SchemaOutcome();
        Walk(obj, schema, string.Empty, outcome, isRoot: true);
        return outcome;
    }

    private static void Walk(JsonNode? node, JsonObject schema, string path, SchemaOutcome outcome, bool isRoot = false)
    {
        if (node is null)
        {
            return;
        }

        if (schema["enum"] is JsonArray allowed && !Contains(allowed, node))
        {
            var list = string.Join(", ", allowed.Select(a => a?.ToJsonString() ?? "null"));
            outcome.Errors.Add(new FieldError(path, "FieldValueNotSupported", $"Unsupported value: {node.ToJsonString()}: supported values: {list}"));
            return;
        }

        if (schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            if (!IsInteger(node) && !IsString(node))
            {
                TypeError(node, path, "integer or string", outcome);
            }

            return;
        }

        var type = (string?)schema["type"];
        switch (type)
        {
            case "object":
                if (node is not JsonObject o)
                {
                    TypeError(node, path, type, outcome);
                    return;
                }

                WalkObject(o, schema, path, outcome, isRoot);
                break;
            case "array":
                if (node is not JsonArray a)
                {
                    TypeError(node, path, type, outcome);
                    return;
                }

                WalkArray(a, schema, path, outcome);
                break;
            case "string":
                if (!IsString(node))
                {
                    TypeError(node, path, type, outcome);
                    return;
                }

                CheckString(node.GetValue<string>(), node, schema, path, outcome);
                break;
            case "integer":
                if (!IsInteger(node))
                {
                    TypeError(node, path, type, outcome);
                    return;
                }

                CheckNumber(Number(node), node, schema, path, outcome);
                break;
            case "number":
                if (node.GetValueKind() != JsonValueKind.Number)
                {
                    TypeError(node, path, type, outcome);
                    return;
                }

                CheckNumber(Number(node), node, schema, path, outcome);
                break;
            case "boolean":
                if (node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    TypeError(node, path, type, outcome);
                }

                break;
        }
    }

    private static void WalkObject(JsonObject o, JsonObject schema, string path, SchemaOutcome outcome, bool isRoot)
    {
        var properties = schema["properties"] as JsonObject;
        var preserve = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        if (properties is not null)
        {
            foreach (var (name, propSchema) in properties)
            {
                if (propSchema is JsonObject ps && ps["default"] is { } def && (!o.ContainsKey(name) || (o[name] is null && ps["nullable"]?.GetValue<bool>() != true)))
                {
                    o[name] = def.DeepClone();
                }
            }
        }

        foreach (var key in o.Select(kv => kv.Key).ToList())
        {
            var child = o[key];
            var childPath = Join(path, key);
            if (isRoot && RootKeys.Contains(key))
            {
                continue;
            }

            if (properties?[key] is JsonObject propSchema)
            {
                if (child is null && propSchema["nullable"]?.GetValue<bool>() != true)
                {
                    o.Remove(key);
                    continue;
                }

                Walk(child, propSchema, childPath, outcome);
            }
            else if (schema["additionalProperties"] is JsonObject additional)
            {
                Walk(child, additional, childPath, outcome);
            }
            else if (!preserve)
            {
                o.Remove(key);
                outcome.Pruned.Add(childPath);
            }
        }

        if (schema["required"] is JsonArray required)
        {
            foreach (var r in required)
            {
                var name = (string?)r;
                if (name is not null && o[name] is null)
                {
                    outcome.Errors.Add(new FieldError(Join(path, name), "FieldValueRequired", "Required value"));
                }
            }
        }
    }

    private static void WalkArray(JsonArray a, JsonObject schema, string path, SchemaOutcome outcome)
    {
        if (JsonInt(schema["maxItems"]) is { } max && a.Count > max)
        {
            outcome.Errors.Add(new FieldError(path, "FieldValueTooMany", $"Too many: {a.Count}: must have at most {max} items"));
        }

        if (JsonInt(schema["minItems"]) is { } min && a.Count < min)
        {
            outcome.Errors.Add(new FieldError(path, "FieldValueInvalid", $"Invalid value: {a.Count}: {path} in body should have at least {min} items"));
        }

        if (schema["items"] is JsonObject items)
        {
            for (var i = 0; i < a.Count; i++)
            {
                Walk(a[i], items, $"{path}[{i}]", outcome);
            }
        }
    }

    private static void CheckString(string s, JsonNode node, JsonObject schema, string path, SchemaOutcome outcome)
    {
        if (JsonInt(schema["maxLength"]) is { } max && s.Length > max)
        {
            outcome.Errors.Add(new FieldError(path, "FieldValueTooLong", $"Too long: may not be more than {max} bytes"));
        }

        if (JsonInt(schema["minLength"]) is { } min && s.Length < min)
        {
            outcome.Errors.Add(new FieldError(path, "FieldValueInvalid", $"Invalid value: {node.ToJsonString()}: {path} in body should be at least {min} chars long"));
        }

        if ((string?)schema["pattern"] is { } pattern && !Regex.IsMatch(s, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            outcome.Errors.Add(new FieldError(path, "FieldValueInvalid", $"Invalid value: {node.ToJsonString()}: {path} in body should match '{pattern}'"));
        }

        if ((string?)schema["format"] == "ipv4" && !(IPAddress.TryParse(s, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && s.Count(c => c == '.') == 3))
        {
            outcome.Errors.Add(new FieldError(path, "FieldValueInvalid", $"Invalid value: {node.ToJsonString()}: {path} in body must be of type ipv4: {node.ToJsonString()}"));
        }
    }

    private static void CheckNumber(double value, JsonNode node, JsonObject schema, string path, SchemaOutcome outcome)
    {
        var text = node.ToJsonString();
        if (schema["maximum"] is JsonValue maxNode && Number(maxNode) is var max)
        {
            var exclusive = schema["exclusiveMaximum"]?.GetValue<bool>() == true;
            if (exclusive ? value >= max : value > max)
            {
                var words = exclusive ? "less than" : "less than or equal to";
                outcome.Errors.Add(new FieldError(path, "FieldValueInvalid", $"Invalid value: {text}: {path} in body should be {words} {Format(max)}"));
            }
        }

        if (schema["minimum"] is JsonValue minNode && Number(minNode) is var min)
        {
            var exclusive = schema["exclusiveMinimum"]?.GetValue<bool>() == true;
            if (exclusive ? value <= min : value < min)
            {
                var words = exclusive ? "greater than" : "greater than or equal to";
                outcome.Errors.Add(new FieldError(path, "FieldValueInvalid", $"Invalid value: {text}: {path} in body should be {words} {Format(min)}"));
            }
        }
    }

    private static void TypeError(JsonNode node, string path, string type, SchemaOutcome outcome)
    {
        var actual = node.GetValueKind() switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => IsInteger(node) ? "integer" : "number",
            _ => "boolean",
        };
        var shown = node is JsonValue ? node.ToJsonString() : $"\"{actual}\"";
        outcome.Errors.Add(new FieldError(path, "FieldValueTypeInvalid", $"Invalid value: {shown}: {path} in body must be of type {type}: \"{actual}\""));
    }

    private static bool IsString(JsonNode node) => node.GetValueKind() == JsonValueKind.String;

    private static bool IsInteger(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.Number && long.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    private static bool Contains(JsonArray allowed, JsonNode node)
    {
        foreach (var a in allowed)
        {
            if (JsonNode.DeepEquals(a, node))
            {
                return true;
            }
        }

        return false;
    }

    private static long? JsonInt(JsonNode? node) => Serialization.JsonText.Int(node);

    private static string Format(double d) => d.ToString(CultureInfo.InvariantCulture);

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
