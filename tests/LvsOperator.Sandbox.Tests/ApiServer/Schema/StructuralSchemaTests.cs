using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Schema;

namespace LvsOperator.Sandbox.Tests.ApiServer.Schema;

public sealed class StructuralSchemaTests
{
    private static readonly JsonObject Schema = JsonNode.Parse("""
        {"type":"object","properties":{
          "spec":{"type":"object","required":["port"],"properties":{
            "port":{"type":"integer","minimum":1,"maximum":65535},
            "mode":{"type":"string","enum":["a","b"],"default":"a"},
            "target":{"x-kubernetes-int-or-string":true},
            "vip":{"type":"string","format":"ipv4"},
            "extra":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
            "labels":{"type":"object","additionalProperties":{"type":"string"}},
            "names":{"type":"array","minItems":1,"items":{"type":"string","minLength":2}}}}}}
        """)!.AsObject();

    [Fact]
    public void Defaults_are_applied_and_unknown_fields_pruned_except_where_preserved()
    {
        var obj = JsonNode.Parse("""{"apiVersion":"x/v1","kind":"K","metadata":{"name":"n"},"spec":{"port":80,"target":"http","bogus":1,"extra":{"kept":true},"labels":{"a":"b"}},"top":1}""")!.AsObject();

        var outcome = StructuralSchema.Enforce(obj, Schema);

        Assert.Empty(outcome.Errors);
        Assert.Equal(["spec.bogus", "top"], outcome.Pruned.Order(StringComparer.Ordinal));
        Assert.Equal("a", (string?)obj["spec"]!["mode"]);
        Assert.True((bool)obj["spec"]!["extra"]!["kept"]!);
        Assert.Equal("n", (string?)obj["metadata"]!["name"]);
    }

    [Fact]
    public void Violations_are_reported_with_field_paths_in_apiserver_words()
    {
        var obj = JsonNode.Parse("""{"spec":{"mode":"c","target":true,"vip":"1.2.3","names":["x"],"labels":{"a":1}}}""")!.AsObject();

        var outcome = StructuralSchema.Enforce(obj, Schema);
        var messages = outcome.Errors.Select(e => $"{e.Field}: {e.Message}").ToList();

        Assert.Contains("spec.port: Required value", messages);
        Assert.Contains("spec.mode: Unsupported value: \"c\": supported values: \"a\", \"b\"", messages);
        Assert.Contains("spec.vip: Invalid value: \"1.2.3\": spec.vip in body must be of type ipv4: \"1.2.3\"", messages);
        Assert.Contains("spec.names[0]: Invalid value: \"x\": spec.names[0] in body should be at least 2 chars long", messages);
        Assert.Contains("spec.labels.a: Invalid value: 1: spec.labels.a in body must be of type string: \"integer\"", messages);
        Assert.Contains(messages, m => m.StartsWith("spec.target: Invalid value: true", StringComparison.Ordinal));
    }

    [Fact]
    public void Bounds_are_inclusive()
    {
        var ok = StructuralSchema.Enforce(JsonNode.Parse("""{"spec":{"port":65535}}""")!.AsObject(), Schema);
        var tooBig = StructuralSchema.Enforce(JsonNode.Parse("""{"spec":{"port":65536}}""")!.AsObject(), Schema);

        Assert.Empty(ok.Errors);
        Assert.Equal("spec.port: Invalid value: 65536: spec.port in body should be less than or equal to 65535", tooBig.Errors.Select(e => $"{e.Field}: {e.Message}").Single());
    }
}
