using LvsOperator.Sandbox.Kubelets;

namespace LvsOperator.Sandbox.Tests.Kubelets;

public sealed class VariableExpansionTests
{
    private static readonly Dictionary<string, string> Variables = new() { ["POD_IP"] = "198.19.1.12", ["EMPTY"] = string.Empty };

    [Theory]
    [InlineData("--http-address=$(POD_IP)", "--http-address=198.19.1.12")]
    [InlineData("$(POD_IP):$(POD_IP)", "198.19.1.12:198.19.1.12")]
    [InlineData("$(MISSING) stays", "$(MISSING) stays")]
    [InlineData("$$(POD_IP) is escaped", "$(POD_IP) is escaped")]
    [InlineData("a$(EMPTY)b", "ab")]
    [InlineData("cost: 5$ and $", "cost: 5$ and $")]
    [InlineData("$(unclosed", "$(unclosed")]
    public void Expands_like_the_kubelet(string input, string expected) =>
        Assert.Equal(expected, VariableExpansion.Expand(input, Variables));
}
