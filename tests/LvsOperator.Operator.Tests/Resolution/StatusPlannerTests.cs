using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Api.Conditions;
using LvsOperator.Operator.Resolution;
using LvsOperator.Operator.Tests.TestSupport;
using static LvsOperator.Operator.Tests.TestSupport.Objects;

namespace LvsOperator.Operator.Tests.Resolution;

public sealed class StatusPlannerTests
{
    private const long Generation = 3;
    private static readonly V1Node[] Nodes = [Node("node1", ("role", "director")), Node("node2", ("role", "director")), Node("node3")];

    [Fact]
    public void No_selected_node_or_no_live_agent_is_NoDirectors()
    {
        var nowhere = Selecting(("role", "none"));
        var selected = Selecting(("role", "director"));

        var none = Plan(nowhere, new Agents().With("node1", Agents.Live));
        var dead = Plan(selected, new Agents().With("node3", Agents.Live));

        Assert.Equal((false, ConditionReasons.NoDirectors, "no Node matches spec.nodeSelector"), Programmed(none));
        Assert.Equal((false, ConditionReasons.NoDirectors), Verdict(dead, ConditionTypes.Programmed));
        Assert.Contains("node1, node2", Condition(dead, ConditionTypes.Programmed).Message, StringComparison.Ordinal);
        Assert.Equal((false, ConditionReasons.NoDirectors), Verdict(dead, ConditionTypes.Ready));
    }

    [Fact]
    public void Programmed_waits_for_every_selected_live_director_at_the_current_generation_and_revision()
    {
        var agents = new Agents().With("node1", Agents.Live).With("node2", Agents.Live).With("node3", Agents.Live);
        var vs = Selecting(("role", "director"));
        var revision = Plan(vs, agents).BackendsRevision;

        vs.Status = new VirtualServiceStatus { Directors = [Director("node1", Generation, revision, holdsVip: true)] };
        var one = Plan(vs, agents);
        vs.Status.Directors.Add(Director("node2", Generation - 1, revision, holdsVip: false));
        var staleGeneration = Plan(vs, agents);
        vs.Status.Directors[1] = Director("node2", Generation, "0badf00d", holdsVip: false);
        var staleRevision = Plan(vs, agents);
        vs.Status.Directors[1] = Director("node2", Generation, revision, holdsVip: false);
        var all = Plan(vs, agents);

        Assert.Equal((false, ConditionReasons.Pending), Verdict(one, ConditionTypes.Programmed));
        Assert.StartsWith("waiting for node2 to program generation 3", Condition(one, ConditionTypes.Programmed).Message, StringComparison.Ordinal);
        Assert.Equal((false, ConditionReasons.Pending), Verdict(staleGeneration, ConditionTypes.Programmed));
        Assert.Equal((false, ConditionReasons.Pending), Verdict(staleRevision, ConditionTypes.Programmed));
        Assert.Equal((true, ConditionReasons.Programmed), Verdict(all, ConditionTypes.Programmed));
        Assert.Equal((true, ConditionReasons.Ready), Verdict(all, ConditionTypes.Ready));
        Assert.Equal("node1", all.ActiveDirector);
    }

    [Fact]
    public void A_director_whose_agent_is_not_live_neither_blocks_nor_holds_the_vip()
    {
        var vs = Selecting(("role", "director"));
        var agents = new Agents().With("node1", Agents.Live).With("node2", Agents.Lapsed);
        var revision = Plan(vs, agents).BackendsRevision;
        vs.Status = new VirtualServiceStatus
        {
            Directors = [Director("node1", Generation, revision, holdsVip: false), Director("node2", Generation, revision, holdsVip: true)],
        };

        var plan = Plan(vs, agents);

        Assert.Equal((true, ConditionReasons.Programmed), Verdict(plan, ConditionTypes.Programmed));
        Assert.Null(plan.ActiveDirector);
        Assert.Equal((false, ConditionReasons.VipNotHeld), Verdict(plan, ConditionTypes.Ready));
        Assert.Equal((true, ConditionReasons.DirectorsMissing), Verdict(plan, ConditionTypes.Degraded));
        Assert.Contains("node2", Condition(plan, ConditionTypes.Degraded).Message, StringComparison.Ordinal);
        Assert.Empty(plan.StaleDirectors);
    }

    [Fact]
    public void The_vip_holder_must_have_the_current_revision_for_Ready()
    {
        var vs = Selecting(("role", "director"));
        var agents = new Agents().With("node1", Agents.Live);
        var revision = Plan(vs, agents).BackendsRevision;
        vs.Status = new VirtualServiceStatus { Directors = [Director("node1", Generation, "0badf00d", holdsVip: true)] };
        var behind = Plan(vs, agents);
        vs.Status.Directors[0] = Director("node1", Generation, revision, holdsVip: true);
        vs.Status.Directors.Add(Director("node2", Generation, revision, holdsVip: true)); // node2's agent is not live

        var ready = Plan(vs, agents);

        Assert.Equal((false, ConditionReasons.Pending), Verdict(behind, ConditionTypes.Ready));
        Assert.Equal("node1", behind.ActiveDirector);
        Assert.True(Condition(ready, ConditionTypes.Ready).Status);
        Assert.Equal("node1", ready.ActiveDirector);
    }

    [Fact]
    public void A_reported_programming_failure_at_this_generation_is_ProgrammingFailed()
    {
        var vs = Selecting();
        var agents = new Agents().With("node1", Agents.Live).With("node2", Agents.Live).With("node3", Agents.Live);
        vs.Status = new VirtualServiceStatus
        {
            Directors = [Director("node2", Generation, null, holdsVip: false, status: "False", reason: ConditionReasons.ProgrammingFailed)],
        };

        var plan = Plan(vs, agents);

        Assert.Equal((false, ConditionReasons.ProgrammingFailed, "node2: node2 reports ProgrammingFailed"), Programmed(plan));
    }

    [Fact]
    public void Entries_of_gone_agents_and_deleted_nodes_are_stale_the_rest_stays()
    {
        var vs = Selecting();
        var agents = new Agents().With("node1", Agents.Live).With("node2", Agents.Gone).With("node9", Agents.Live);
        vs.Status = new VirtualServiceStatus
        {
            Directors = [Director("node1", 1, null, false), Director("node2", 1, null, false), Director("node3", 1, null, false), Director("node9", 1, null, false)],
        };

        Assert.Equal(["node2", "node9"], Plan(vs, agents).StaleDirectors);
    }

    [Fact]
    public void Ready_takes_the_reason_of_the_first_failing_condition()
    {
        var vs = Selecting();
        vs.Spec.Service = "missing";

        var plan = StatusPlanner.Plan(vs, new ResolverInputs(null, [], [], Nodes, new Agents()));

        var ready = Condition(plan, ConditionTypes.Ready);
        Assert.Equal((false, ConditionReasons.ServiceNotFound, "Service ns/missing not found"), (ready.Status, ready.Reason, ready.Message));
        Assert.Equal(Generation, plan.ObservedGeneration);
        Assert.Equal(BackendsRevision.Of([]), plan.BackendsRevision);
    }

    [Fact]
    public void Degraded_names_a_kept_off_newer_claim_first_then_draining_backends()
    {
        var vs = Selecting();
        vs.Metadata.CreationTimestamp = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var newer = Objects.VirtualService("other", "late", created: new DateTime(2025, 2, 1, 0, 0, 0, DateTimeKind.Utc));
        var slice = Slice("ns", "s", "echo", EchoPorts(), Ready("198.19.1.11", "node1"), Endpoint("198.19.1.12", "node1", false, true, true));

        var plan = StatusPlanner.Plan(vs, new ResolverInputs(Service("ns", "echo"), [slice], [newer], Nodes, new Agents()));
        var healthy = StatusPlanner.Plan(vs, new ResolverInputs(Service("ns", "echo"), [Slice("ns", "s", "echo", EchoPorts(), Ready("198.19.1.11", "node1"))], [], Nodes, new Agents()));

        var degraded = Condition(plan, ConditionTypes.Degraded);
        Assert.Equal((true, ConditionReasons.VipConflict), (degraded.Status, degraded.Reason));
        Assert.Equal("198.18.0.100:80/TCP is also claimed by other/late (newer, not programmed); 1 of 2 backends are draining (open connections continue, no new ones)", degraded.Message);
        Assert.Equal((false, ConditionReasons.AllBackendsHealthy), Verdict(healthy, ConditionTypes.Degraded));
    }

    private static VirtualService Selecting(params (string Key, string Value)[] selector)
    {
        var vs = Objects.VirtualService("ns", "vs");
        vs.Metadata.Generation = Generation;
        vs.Spec.NodeSelector = selector.ToDictionary(s => s.Key, s => s.Value);
        return vs;
    }

    private static StatusPlan Plan(VirtualService vs, Agents agents) =>
        StatusPlanner.Plan(vs, new ResolverInputs(Service("ns", "echo"), [Slice("ns", "s", "echo", EchoPorts(), Ready("198.19.1.11", "node1"))], [], Nodes, agents));

    private static ConditionOutcome Condition(StatusPlan plan, string type) => plan.Conditions.Single(c => c.Type == type);

    private static (bool, string) Verdict(StatusPlan plan, string type)
    {
        var c = Condition(plan, type);
        return (c.Status, c.Reason);
    }

    private static (bool, string, string) Programmed(StatusPlan plan)
    {
        var c = Condition(plan, ConditionTypes.Programmed);
        return (c.Status, c.Reason, c.Message);
    }
}
