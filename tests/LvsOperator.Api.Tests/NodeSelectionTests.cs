using LvsOperator.Api;

namespace LvsOperator.Api.Tests;

public sealed class NodeSelectionTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["zone"] = "b", ["lvs-operator.dev/director"] = "true" };

    [Fact]
    public void No_selector_or_an_empty_one_selects_every_node_even_one_without_labels()
    {
        Assert.True(NodeSelection.Selects(null, null));
        Assert.True(NodeSelection.Selects(new Dictionary<string, string>(), null));
        Assert.True(NodeSelection.Selects(null, Labels));
    }

    [Fact]
    public void Every_key_must_carry_exactly_its_value_and_other_labels_do_not_matter()
    {
        Assert.True(NodeSelection.Selects(new Dictionary<string, string> { ["zone"] = "b" }, Labels));
        Assert.False(NodeSelection.Selects(new Dictionary<string, string> { ["zone"] = "B" }, Labels));
        Assert.False(NodeSelection.Selects(new Dictionary<string, string> { ["zone"] = "b", ["rack"] = "7" }, Labels));
        Assert.False(NodeSelection.Selects(new Dictionary<string, string> { ["zone"] = "b" }, null));
    }
}
