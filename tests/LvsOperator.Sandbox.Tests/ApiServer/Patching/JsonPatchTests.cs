using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Endpoints;
using LvsOperator.Sandbox.ApiServer.Patching;

namespace LvsOperator.Sandbox.Tests.ApiServer.Patching;

public sealed class JsonPatchTests
{
    [Fact]
    public void Operations_apply_in_order()
    {
        var doc = JsonNode.Parse("""{"a":{"b":1},"list":[1,2]}""")!;
        var patch = JsonNode.Parse("""[{"op":"add","path":"/list/-","value":3},{"op":"replace","path":"/a/b","value":2},{"op":"move","from":"/a","path":"/c"},{"op":"remove","path":"/list/0"}]""");

        var result = JsonPatch.Apply(doc, patch);

        Assert.Equal("""{"list":[2,3],"c":{"b":2}}""", result.ToJsonString());
    }

    [Fact]
    public void A_failed_test_operation_is_422()
    {
        var ex = Assert.Throws<ApiException>(() => JsonPatch.Apply(JsonNode.Parse("""{"a":1}""")!, JsonNode.Parse("""[{"op":"test","path":"/a","value":2}]""")));

        Assert.Equal(422, ex.Code);
    }

    [Fact]
    public void Merge_patch_null_deletes_and_objects_merge()
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse("""{"a":{"x":1,"y":2},"b":[1]}"""), JsonNode.Parse("""{"a":{"x":null,"z":3},"b":[2]}"""))!;

        Assert.Equal("""{"a":{"y":2,"z":3},"b":[2]}""", result.ToJsonString());
    }
}
