using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Patching;

namespace LvsOperator.Sandbox.Tests.ApiServer.Patching;

public sealed class StrategicMergePatchTests
{
    [Fact]
    public void Keyed_lists_merge_by_name_and_unknown_lists_are_replaced()
    {
        var target = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}],"args":["1","2"]}}""");
        var patch = JsonNode.Parse("""{"spec":{"containers":[{"name":"b","image":"z"},{"name":"c","image":"w"}],"args":["3"]}}""");

        var result = StrategicMergePatch.Apply(target, patch)!;

        Assert.Equal(
            """{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"z"},{"name":"c","image":"w"}],"args":["3"]}}""",
            result.ToJsonString());
    }

    [Fact]
    public void Patch_delete_directive_removes_a_keyed_element_and_set_element_order_is_dropped()
    {
        var target = JsonNode.Parse("""{"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}""");
        var patch = JsonNode.Parse("""{"$setElementOrder/env":[{"name":"B"}],"env":[{"name":"A","$patch":"delete"}]}""");

        var result = StrategicMergePatch.Apply(target, patch)!;

        Assert.Equal("""{"env":[{"name":"B","value":"2"}]}""", result.ToJsonString());
    }

    [Fact]
    public void Null_removes_a_field_and_finalizers_merge_as_a_set()
    {
        var target = JsonNode.Parse("""{"metadata":{"finalizers":["a"],"labels":{"x":"1","y":"2"}}}""");
        var patch = JsonNode.Parse("""{"metadata":{"finalizers":["a","b"],"labels":{"x":null}}}""");

        var result = StrategicMergePatch.Apply(target, patch)!;

        Assert.Equal("""{"metadata":{"finalizers":["a","b"],"labels":{"y":"2"}}}""", result.ToJsonString());
    }
}
