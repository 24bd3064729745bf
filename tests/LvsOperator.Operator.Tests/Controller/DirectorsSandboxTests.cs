using k8s;
using LvsOperator.Api;
using LvsOperator.Api.Conditions;
using LvsOperator.Operator.Tests.TestSupport;
using Xunit.Abstractions;
using static LvsOperator.Operator.Tests.Controller.ResolutionSandboxTests;
using static LvsOperator.Operator.Tests.TestSupport.Objects;

namespace LvsOperator.Operator.Tests.Controller;

/// <summary>Director reports and heartbeats written as agents would → Programmed, Ready, stale entries, the finalizer.</summary>
public sealed class DirectorsSandboxTests(ITestOutputHelper output) : HarnessTest(output)
{
    private readonly List<FakeAgent> _agents = [];
    private string _ns = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _ns = await Harness.NamespaceAsync("directors");
        await Seed.ServiceAsync(Harness.Admin, _ns, "echo", Slice(_ns, "echo-1", "echo", EchoPorts(), Ready("198.19.1.11", "node1"), Ready("198.19.2.11", "node2")));
        await Seed.NodesAsync(Harness.Admin, Node("node1", ("lvs-operator.dev/director", "true")), Node("node2", ("lvs-operator.dev/director", "true")), Node("node3"));
    }

    public override async Task DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task Programmed_and_Ready_follow_the_selected_live_directors_reports_and_gone_agents_entries_are_removed()
    {
        await using var op = await Harness.StartOperatorAsync("op-1", "--agent-gone-after", "00:00:03");
        var node1 = await AgentAsync("node1");
        var node2 = await AgentAsync("node2");
        await AgentAsync("node3"); // live, but not selected: it never holds Programmed up
        var vs = VirtualService(_ns, "web");
        vs.Spec.NodeSelector = new Dictionary<string, string> { ["lvs-operator.dev/director"] = "true" };
        await Seed.VirtualServiceAsync(Harness, vs);

        var pending = await Until("web", ConditionTypes.Programmed, ConditionReasons.Pending);
        Assert.Contains("node1, node2", ConditionList.Find(pending.Status!.Conditions, ConditionTypes.Programmed)!.Message, StringComparison.Ordinal);

        await node1.ReportProgrammedAsync(_ns, "web", holdsVip: true);
        var one = await Until("web", ConditionTypes.Programmed, ConditionReasons.Pending, v => ConditionList.Find(v.Status?.Conditions, ConditionTypes.Programmed)!.Message.StartsWith("waiting for node2 ", StringComparison.Ordinal));
        AssertCondition(one, ConditionTypes.Ready, ConditionList.False, ConditionReasons.Pending);

        await node2.ReportProgrammedAsync(_ns, "web", holdsVip: false);
        var ready = await Until("web", ConditionTypes.Ready, ConditionReasons.Ready);
        AssertCondition(ready, ConditionTypes.Programmed, ConditionList.True, ConditionReasons.Programmed);
        AssertCondition(ready, ConditionTypes.Degraded, ConditionList.False, ConditionReasons.AllBackendsHealthy);
        Assert.Equal("node1", ready.Status!.ActiveDirector);

        // The VIP holder dies: Ready goes (VipNotHeld), the other director still counts, then the dead one's entry goes.
        await node1.StopHeartbeatAsync();
        var lapsed = await Until("web", ConditionTypes.Degraded, ConditionReasons.DirectorsMissing);
        AssertCondition(lapsed, ConditionTypes.Ready, ConditionList.False, ConditionReasons.VipNotHeld);
        AssertCondition(lapsed, ConditionTypes.Programmed, ConditionList.True, ConditionReasons.Programmed);
        Assert.Null(lapsed.Status!.ActiveDirector);
        var cleaned = await Harness.StatusAsync(_ns, "web", v => v.Status?.Directors?.Count == 1, "node1's entry removed");
        Assert.Equal("node2", cleaned.Status!.Directors![0].NodeName);
        Assert.True(cleaned.Status.Directors[0].ProgrammedRevision == cleaned.Status.BackendsRevision, "node2's own entry is left as it wrote it");

        // A takeover: node2 reports the VIP.
        await node2.ReportProgrammedAsync(_ns, "web", holdsVip: true);
        var takenOver = await Until("web", ConditionTypes.Ready, ConditionReasons.Ready);
        Assert.Equal("node2", takenOver.Status!.ActiveDirector);
    }

    [Fact]
    public async Task A_new_revision_is_pending_until_the_directors_report_it()
    {
        await using var op = await Harness.StartOperatorAsync("op-1");
        var node1 = await AgentAsync("node1");
        var vs = VirtualService(_ns, "web");
        vs.Spec.NodeSelector = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "node1" };
        var node = await Harness.Admin.CoreV1.ReadNodeAsync("node1");
        node.Metadata.Labels["kubernetes.io/hostname"] = "node1";
        await Harness.Admin.CoreV1.ReplaceNodeAsync(node, "node1");
        await Seed.VirtualServiceAsync(Harness, vs);
        await Until("web", ConditionTypes.Programmed, ConditionReasons.Pending);
        await node1.ReportProgrammedAsync(_ns, "web", holdsVip: true);
        var ready = await Until("web", ConditionTypes.Ready, ConditionReasons.Ready);

        var slice = await Harness.Admin.DiscoveryV1.ReadNamespacedEndpointSliceAsync("echo-1", _ns);
        slice.Endpoints.RemoveAt(1);
        await Harness.Admin.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(slice, "echo-1", _ns);

        var moved = await Until("web", ConditionTypes.Programmed, ConditionReasons.Pending);
        Assert.NotEqual(ready.Status!.BackendsRevision, moved.Status!.BackendsRevision);
        AssertCondition(moved, ConditionTypes.Ready, ConditionList.False, ConditionReasons.Pending);
        await node1.ReportProgrammedAsync(_ns, "web", holdsVip: true);
        await Until("web", ConditionTypes.Ready, ConditionReasons.Ready);
    }

    [Fact]
    public async Task Deleting_holds_the_finalizer_while_a_live_director_has_an_entry_and_a_dead_one_does_not_block()
    {
        await using var op = await Harness.StartOperatorAsync("op-1");
        var node1 = await AgentAsync("node1");
        await Seed.VirtualServiceAsync(Harness, VirtualService(_ns, "held"));
        await Seed.VirtualServiceAsync(Harness, VirtualService(_ns, "orphaned", vip: "198.18.0.101"));
        await Harness.StatusAsync(_ns, "held", v => v.Metadata.Finalizers?.Contains(VirtualServiceApi.Finalizer) == true && v.Status?.BackendsRevision is not null, "the finalizer");
        await Harness.StatusAsync(_ns, "orphaned", v => v.Metadata.Finalizers?.Contains(VirtualServiceApi.Finalizer) == true && v.Status?.BackendsRevision is not null, "the finalizer");
        await node1.ReportProgrammedAsync(_ns, "held", holdsVip: true);
        await using var dead = FakeAgent.WithoutHeartbeat(Harness.Admin, "node2"); // an entry with no live agent behind it
        await dead.ReportProgrammedAsync(_ns, "orphaned", holdsVip: true);

        await Harness.VirtualServices.DeleteAsync(_ns, "held", CancellationToken.None);
        await Harness.VirtualServices.DeleteAsync(_ns, "orphaned", CancellationToken.None);

        await Harness.GoneAsync(_ns, "orphaned");
        var reconciled = op.ReconcilesOf($"{_ns}/held");
        await Wait.UntilAsync(() => op.ReconcilesOf($"{_ns}/held") >= reconciled + 2, "the operator to look at the deleted one again");
        var held = await Harness.ReadAsync(_ns, "held");
        Assert.NotNull(held);
        Assert.NotNull(held.Metadata.DeletionTimestamp);
        Assert.Contains(VirtualServiceApi.Finalizer, held.Metadata.Finalizers!);

        await node1.WithdrawAsync(_ns, "held");
        await Harness.GoneAsync(_ns, "held");
        await Wait.ForAsync(
            async () => await Harness.Admin.CoreV1.ListNamespacedEventAsync(_ns),
            events => events.Items.Any(e => e.Reason == "FinalizerRemoved" && e.InvolvedObject.Name == "held"),
            "a FinalizerRemoved event");
    }

    private async Task<FakeAgent> AgentAsync(string node)
    {
        var agent = await FakeAgent.StartAsync(Harness.Admin, node);
        _agents.Add(agent);
        return agent;
    }

    private Task<VirtualService> Until(string name, string type, string reason, Func<VirtualService, bool>? also = null) =>
        Harness.StatusAsync(_ns, name, v =>
            ConditionList.Find(v.Status?.Conditions, type) is { } c && c.Reason == reason && c.ObservedGeneration == v.Metadata.Generation
            && (also?.Invoke(v) ?? true), $"{type} {reason}");
}
