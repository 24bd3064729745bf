namespace LvsOperator.Dataplane.Tests.Layout.CycleFixture.Downstream;

/// <summary>The other half of the cycle of <see cref="Upstream.Caller"/>: it calls back in its body only.</summary>
internal static class Callee
{
    public static int Answer() => Upstream.Caller.Value();
}
