using LvsOperator.Api.Conditions;
using LvsOperator.Operator.Tests.TestSupport;
using Xunit.Abstractions;
using static LvsOperator.Operator.Tests.Controller.ResolutionSandboxTests;
using static LvsOperator.Operator.Tests.TestSupport.Objects;

namespace LvsOperator.Operator.Tests.Controller;

public sealed class ConflictSandboxTests(ITestOutputHelper output) : HarnessTest(output)
{
    [Fact]
    public async Task Two_claims_on_one_vip_port_both_report_the_conflict_the_older_serves_and_the_newer_takes_over_when_it_goes()
    {
        var first = await Harness.NamespaceAsync("first");
        var second = await Harness.NamespaceAsync("second");
        foreach (var ns in new[] { first, second })
        {
            await Seed.ServiceAsync(Harness.Admin, ns, "echo", Slice(ns, "echo-1", "echo", EchoPorts(), Ready("198.19.1.11", "node1")));
        }

        await using var op = await Harness.StartOperatorAsync("op-1");
        await Seed.VirtualServiceAsync(Harness, VirtualService(first, "old", vip: "198.18.0.50"));
        await Harness.StatusAsync(first, "old", v => ConditionList.IsTrueAt(v.Status?.Conditions, ConditionTypes.Resolved, 1), "resolved");
        await Seed.VirtualServiceAsync(Harness, VirtualService(second, "new", vip: "198.18.0.50"));

        var loser = await Harness.StatusAsync(second, "new", v => ConditionList.Find(v.Status?.Conditions, ConditionTypes.Resolved)?.Reason == ConditionReasons.VipConflict, "the conflict");
        var winner = await Harness.StatusAsync(first, "old", v => ConditionList.Find(v.Status?.Conditions, ConditionTypes.Degraded)?.Reason == ConditionReasons.VipConflict, "the conflict");

        AssertCondition(loser, ConditionTypes.Resolved, ConditionList.False, ConditionReasons.VipConflict);
        Assert.Contains($"198.18.0.50:80/TCP is already claimed by {first}/old", ConditionList.Find(loser.Status!.Conditions, ConditionTypes.Resolved)!.Message, StringComparison.Ordinal);
        Assert.Empty(loser.Status.Backends!);
        AssertCondition(winner, ConditionTypes.Resolved, ConditionList.True, ConditionReasons.Resolved);
        Assert.Contains($"also claimed by {second}/new", ConditionList.Find(winner.Status!.Conditions, ConditionTypes.Degraded)!.Message, StringComparison.Ordinal);
        Assert.Single(winner.Status.Backends!);

        await Harness.VirtualServices.DeleteAsync(first, "old", CancellationToken.None);

        var servingNow = await Harness.StatusAsync(second, "new", v => ConditionList.IsTrueAt(v.Status?.Conditions, ConditionTypes.Resolved, 1), "resolved once the older one is gone");
        Assert.Single(servingNow.Status!.Backends!);
        await Harness.GoneAsync(first, "old");
    }
}
