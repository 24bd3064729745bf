using k8s.Models;

namespace LvsOperator.Api.Crd;

/// <summary>Terse constructors for OpenAPI v3 schema nodes, so the CRD definition reads like the YAML it becomes.</summary>
internal static class SchemaBuilder
{
    public static V1JSONSchemaProps Object(string description, params (string Name, V1JSONSchemaProps Schema)[] properties) => new()
    {
        Type = "object",
        Description = description,
        Properties = properties.ToDictionary(p => p.Name, p => p.Schema),
    };

    public static V1JSONSchemaProps String(string description) => new() { Type = "string", Description = description };

    public static V1JSONSchemaProps Integer(string description, long minimum, long maximum) =>
        new() { Type = "integer", Format = "int32", Description = description, Minimum = minimum, Maximum = maximum };

    public static V1JSONSchemaProps Enum(string description, IEnumerable<string> values, string? defaultValue = null) => new()
    {
        Type = "string",
        Description = description,
        EnumProperty = values.Cast<object>().ToList(),
        DefaultProperty = defaultValue,
    };

    public static V1JSONSchemaProps Array(string description, V1JSONSchemaProps items, long? maxItems = null) =>
        new() { Type = "array", Description = description, Items = items, MaxItems = maxItems };

    public static V1JSONSchemaProps Ipv4(string description) => new()
    {
        Type = "string",
        Description = description,
        Pattern = @"^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$",
    };

    public static V1JSONSchemaProps Required(this V1JSONSchemaProps schema, params string[] names)
    {
        schema.Required = names;
        return schema;
    }

    public static V1JSONSchemaProps Rule(this V1JSONSchemaProps schema, string rule, string message)
    {
        schema.XKubernetesValidations ??= [];
        schema.XKubernetesValidations.Add(new V1ValidationRule { Rule = rule, Message = message });
        return schema;
    }

    public static V1JSONSchemaProps Condition() => Object(
        "A metav1.Condition.",
        ("type", String("Condition type: Ready, Resolved, Programmed or Degraded.")),
        ("status", Enum("True, False or Unknown.", ["True", "False", "Unknown"])),
        ("reason", String("CamelCase reason for the last transition.")),
        ("message", String("Human-readable details.")),
        ("observedGeneration", new V1JSONSchemaProps { Type = "integer", Format = "int64", Minimum = 0 }),
        ("lastTransitionTime", new V1JSONSchemaProps { Type = "string", Format = "date-time" }))
        .Required("type", "status", "reason", "message", "lastTransitionTime");

    public static V1JSONSchemaProps ConditionArray(string description)
    {
        var list = Array(description, Condition());
        list.XKubernetesListType = "map";
        list.XKubernetesListMapKeys = ["type"];
        return list;
    }
}
