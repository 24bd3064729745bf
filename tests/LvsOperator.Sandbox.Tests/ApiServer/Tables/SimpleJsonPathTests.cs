using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Tables;

namespace LvsOperator.Sandbox.Tests.ApiServer.Tables;

public sealed class SimpleJsonPathTests
{
    private static readonly JsonNode Obj = JsonNode.Parse("""{"spec":{"ports":[{"port":80},{"port":443}]},"status":{"conditions":[{"type":"Synced","status":"False"},{"type":"Ready","status":"True"}]}}""")!;

    [Theory]
    [InlineData(".spec.ports[1].port", "443")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "\"True\"")]
    [InlineData("{.status.conditions[?(@.type=='Synced')].status}", "\"False\"")]
    [InlineData(".spec.missing", null)]
    public void Evaluates_the_printer_column_subset(string path, string? expected) =>
        Assert.Equal(expected, SimpleJsonPath.Evaluate(Obj, path)?.ToJsonString());

    [Theory]
    [InlineData(5, "5s")]
    [InlineData(150, "2m30s")]
    [InlineData(3600, "60m")]
    [InlineData(4 * 3600, "4h")]
    [InlineData(3 * 86400, "3d")]
    public void Ages_render_like_kubectl(int seconds, string expected) =>
        Assert.Equal(expected, TableBuilder.Age(TimeSpan.FromSeconds(seconds)));
}
