using k8s;
using LvsOperator.Api.Conditions;
using LvsOperator.Operator.Tests.TestSupport;
using Xunit.Abstractions;
using static LvsOperator.Operator.Tests.TestSupport.Objects;

namespace LvsOperator.Operator.Tests.Hosting;

public sealed class LeaderElectionSandboxTests(ITestOutputHelper output) : HarnessTest(output)
{
    private static readonly string[] ShortLease =
        ["--leader-elect-lease-duration", "00:00:03", "--leader-elect-renew-deadline", "00:00:02", "--leader-elect-retry-period", "00:00:00.250"];

    [Fact]
    public async Task Only_the_leader_reconciles_and_a_standby_takes_over_when_it_stops()
    {
        var ns = await Harness.NamespaceAsync("elect");
        await Seed.ServiceAsync(Harness.Admin, ns, "echo", Slice(ns, "echo-1", "echo", EchoPorts(), Ready("198.19.1.11", "node1")));
        var a = await Harness.StartOperatorAsync("op-a", ShortLease);
        await Wait.UntilAsync(() => a.Leading, "op-a to lead");
        var b = await Harness.StartOperatorAsync("op-b", ShortLease);
        await Wait.ForAsync(async () => await b.GetAsync("/readyz") is (200, var body) ? body : null, body => body.Contains("standby (leader: op-a)", StringComparison.Ordinal), "op-b ready as a standby");

        await Seed.VirtualServiceAsync(Harness, VirtualService(ns, "one", vip: "198.18.0.61"));
        await Harness.StatusAsync(ns, "one", v => ConditionList.IsTrueAt(v.Status?.Conditions, ConditionTypes.Resolved, 1), "resolved by op-a");
        await a.QuietAsync();
        Assert.False(b.Leading);
        Assert.Empty(b.Reconciles);
        Assert.True(a.ReconcilesOf($"{ns}/one") > 0);
        Assert.Contains("lvs_operator_leader 1", (await a.GetAsync("/metrics")).Body, StringComparison.Ordinal);
        Assert.Contains("lvs_operator_leader 0", (await b.GetAsync("/metrics")).Body, StringComparison.Ordinal);

        await a.StopAsync();
        var lease = await Harness.Admin.CoordinationV1.ReadNamespacedLeaseAsync("lvs-operator", OperatorHarness.AgentsNamespace);
        Assert.NotEqual("op-a", lease.Spec.HolderIdentity); // released on stop (or already op-b's)
        await Wait.UntilAsync(() => b.Leading, "op-b to take over");
        await Seed.VirtualServiceAsync(Harness, VirtualService(ns, "two", vip: "198.18.0.62"));

        await Harness.StatusAsync(ns, "two", v => ConditionList.IsTrueAt(v.Status?.Conditions, ConditionTypes.Resolved, 1), "resolved by op-b");
        Assert.True(b.ReconcilesOf($"{ns}/two") > 0);
        Assert.True(b.ReconcilesOf($"{ns}/one") > 0, "a new leader looks at every VirtualService");
        Assert.Equal(0, a.ReconcilesOf($"{ns}/two"));
    }
}
