namespace LvsOperator.Dataplane.Tests.Layout.CycleFixture.Upstream;

/// <summary>Half of a namespace cycle made only of method bodies, so the graph test can show it sees one.</summary>
internal static class Caller
{
    public static int Call() => Downstream.Callee.Answer() + 1;

    public static int Value() => 41;
}
