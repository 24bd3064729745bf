using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Selectors;

namespace LvsOperator.Sandbox.Tests.ApiServer.Selectors;

public sealed class LabelSelectorTests
{
    private static readonly JsonObject Obj = JsonNode.Parse("""{"metadata":{"name":"n","namespace":"ns","labels":{"app":"web","tier":"front"}}}""")!.AsObject();

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app==web,tier=front", true)]
    [InlineData("app!=web", false)]
    [InlineData("tier in (front, back)", true)]
    [InlineData("tier notin (front)", false)]
    [InlineData("app,!missing", true)]
    [InlineData("missing", false)]
    [InlineData("", true)]
    public void Equality_and_set_based_requirements(string selector, bool expected) =>
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Obj));

    [Theory]
    [InlineData("metadata.name=n", true)]
    [InlineData("metadata.namespace==ns,metadata.name=n", true)]
    [InlineData("metadata.name!=n", false)]
    [InlineData("metadata.name=other", false)]
    public void Field_selectors_on_metadata(string selector, bool expected) =>
        Assert.Equal(expected, FieldSelector.Parse(selector).Matches(Obj));
}
