using LvsOperator.Agent.Kubernetes;
using LvsOperator.Api.Conditions;
using static LvsOperator.Agent.Tests.Kubernetes.ClusterObjects;

namespace LvsOperator.Agent.Tests.Kubernetes;

public sealed class VirtualServiceSelectionTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["lvs-operator.dev/director"] = "true", ["zone"] = "a" };

    [Fact]
    public void Programs_a_resolved_valid_service_that_selects_the_node_or_selects_every_node()
    {
        Assert.Equal(SelectionKind.Program, Decide(Resolved(backends: Backend("198.19.1.11", 8080))).Kind);
        Assert.Equal(SelectionKind.Program, Decide(Resolved(nodeSelector: new Dictionary<string, string> { ["zone"] = "a" })).Kind);
        Assert.Equal(SelectionKind.Program, VirtualServiceSelection.Decide(Resolved(), "node1", nodeLabels: null).Kind);
    }

    [Fact]
    public void A_selector_the_node_does_not_match_withdraws_it()
    {
        var selection = Decide(Resolved(nodeSelector: new Dictionary<string, string> { ["zone"] = "b" }));

        Assert.Equal(SelectionKind.Withdraw, selection.Kind);
        Assert.Contains("does not select node node1", selection.Reason, StringComparison.Ordinal);
        Assert.Equal(SelectionKind.Withdraw, VirtualServiceSelection.Decide(Resolved(nodeSelector: Labels), "node1", nodeLabels: null).Kind);
    }

    [Fact]
    public void Being_deleted_withdraws_it_whatever_its_conditions()
    {
        var deleting = Resolved();
        deleting.Metadata.DeletionTimestamp = DateTime.UtcNow;

        Assert.Equal(Selection.Withdraw("being deleted"), Decide(deleting));
    }

    [Fact]
    public void A_generation_the_operator_has_not_resolved_is_pending_and_a_false_resolved_withdraws()
    {
        Assert.Equal(SelectionKind.Pending, Decide(Resolved(generation: 4, resolvedAt: 3)).Kind);
        Assert.Equal(SelectionKind.Pending, Decide(Resolved(resolvedAt: null)).Kind);
        var notResolved = Decide(Resolved(resolved: ConditionList.False));
        Assert.Equal(SelectionKind.Withdraw, notResolved.Kind);
        Assert.Contains("NoEndpoints", notResolved.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_spec_or_backend_is_never_programmed_and_says_what_is_wrong()
    {
        var badSpec = Resolved();
        badSpec.Spec.Vip = "198.18.0.300";
        Assert.Equal(SelectionKind.Invalid, Decide(badSpec).Kind);
        Assert.Contains("spec.vip", Decide(badSpec).Reason, StringComparison.Ordinal);

        var badBackends = Decide(Resolved(backends:
        [
            Backend("198.19.1.11", 8080),
            Backend("224.0.0.1", 8080),
            Backend("198.19.1.12", 70000),
            Backend("198.19.1.13", 8080, portName: "nope"),
            Backend("198.19.1.14", 8080, state: "Broken"),
            Backend("198.19.1.15", 8080, weight: -1),
        ]));
        Assert.Equal(SelectionKind.Invalid, badBackends.Kind);
        Assert.Equal(
            ["status.backends[1].ip", "status.backends[2].port", "status.backends[3].portName", "status.backends[4].state", "status.backends[5].weight"],
            badBackends.Problems.Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]));
    }

    private static Selection Decide(LvsOperator.Api.VirtualService service) => VirtualServiceSelection.Decide(service, "node1", Labels);
}
