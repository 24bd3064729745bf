using k8s;
using LvsOperator.Api;
using LvsOperator.Api.Conditions;
using LvsOperator.Kubernetes.Events;
using LvsOperator.Operator.Resolution;
using LvsOperator.Operator.Tests.TestSupport;
using static LvsOperator.Operator.Tests.TestSupport.Objects;

namespace LvsOperator.Operator.Tests.Resolution;

public sealed class StatusApplierTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_same_plan_again_leaves_the_status_as_it_was_and_reports_no_flips()
    {
        var vs = VirtualService("ns", "vs");
        var plan = PlanFor(vs, Ready("198.19.1.11", "node1"));
        StatusApplier.Apply(vs, plan, T0);
        var before = KubernetesJson.Serialize(vs);

        var flips = StatusApplier.Apply(vs, PlanFor(vs, Ready("198.19.1.11", "node1")), T0.AddMinutes(5));

        Assert.Empty(flips);
        Assert.Equal(before, KubernetesJson.Serialize(vs));
    }

    [Fact]
    public void LastTransitionTime_moves_only_when_a_condition_flips()
    {
        var vs = VirtualService("ns", "vs");
        StatusApplier.Apply(vs, PlanFor(vs, Ready("198.19.1.11", "node1")), T0);
        var later = T0.AddMinutes(5);

        var flips = StatusApplier.Apply(vs, PlanFor(vs), later);

        var resolved = ConditionList.Find(vs.Status!.Conditions, ConditionTypes.Resolved)!;
        var programmed = ConditionList.Find(vs.Status.Conditions, ConditionTypes.Programmed)!;
        Assert.Equal((ConditionList.False, later.UtcDateTime), (resolved.Status, resolved.LastTransitionTime));
        Assert.Equal(T0.UtcDateTime, programmed.LastTransitionTime);
        Assert.Contains(flips, f => f.Now.Type == ConditionTypes.Resolved && f.PreviousReason == ConditionReasons.Resolved && f.Now.Reason == ConditionReasons.NoEndpoints);
        Assert.DoesNotContain(flips, f => f.Now.Type == ConditionTypes.Programmed);
        Assert.All(vs.Status.Conditions!, c => Assert.Equal(1, c.ObservedGeneration));
    }

    [Fact]
    public void The_agents_entries_are_kept_and_only_stale_ones_removed()
    {
        var vs = VirtualService("ns", "vs");
        vs.Status = new VirtualServiceStatus
        {
            Directors = [Director("node1", 1, "abc", holdsVip: true), Director("gone", 1, "abc", holdsVip: false)],
        };
        var node1 = KubernetesJson.Serialize(vs.Status.Directors[0]);
        var plan = PlanFor(vs, Ready("198.19.1.11", "node1")) with { StaleDirectors = ["gone"] };

        StatusApplier.Apply(vs, plan, T0);

        Assert.Equal(node1, KubernetesJson.Serialize(Assert.Single(vs.Status.Directors)));
        Assert.Equal(plan.BackendsRevision, vs.Status.BackendsRevision);
        Assert.Equal(1, vs.Status.ObservedGeneration);
    }

    [Fact]
    public void Events_go_with_resolution_changes_programming_and_conflicts_warnings_for_what_a_user_must_fix()
    {
        ConditionFlip Flip(string type, bool status, string reason) => new(new ConditionOutcome(type, status, reason, reason + " message"), null, null);

        var events = ConditionEvents.For(
        [
            Flip(ConditionTypes.Resolved, false, ConditionReasons.ServiceNotFound),
            Flip(ConditionTypes.Resolved, true, ConditionReasons.Resolved),
            Flip(ConditionTypes.Programmed, false, ConditionReasons.Pending),
            Flip(ConditionTypes.Programmed, true, ConditionReasons.Programmed),
            Flip(ConditionTypes.Ready, true, ConditionReasons.Ready),
            Flip(ConditionTypes.Degraded, true, ConditionReasons.VipConflict),
            Flip(ConditionTypes.Degraded, true, ConditionReasons.BackendsDraining),
        ]);

        Assert.Equal(
            [$"{EventTypes.Warning} ServiceNotFound", $"{EventTypes.Normal} Resolved", $"{EventTypes.Normal} Programmed", $"{EventTypes.Warning} VipConflict"],
            events.Select(e => $"{e.Type} {e.Reason}"));
    }

    private static StatusPlan PlanFor(VirtualService vs, params k8s.Models.V1Endpoint[] endpoints) =>
        StatusPlanner.Plan(vs, new ResolverInputs(Service("ns", "echo"), [Slice("ns", "s", "echo", EchoPorts(), endpoints)], [], [Node("node1")], new Agents()));
}
