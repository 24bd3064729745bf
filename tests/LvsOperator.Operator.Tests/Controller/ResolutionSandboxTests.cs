using k8s;
using LvsOperator.Api;
using LvsOperator.Api.Conditions;
using LvsOperator.Operator.Tests.TestSupport;
using Xunit.Abstractions;
using static LvsOperator.Operator.Tests.TestSupport.Objects;

namespace LvsOperator.Operator.Tests.Controller;

/// <summary>The operator in-process against the sandbox API server, RBAC enforced: Services and EndpointSlices → status.</summary>
public sealed class ResolutionSandboxTests(ITestOutputHelper output) : HarnessTest(output)
{
    [Fact]
    public async Task A_service_resolves_into_sorted_backends_a_revision_and_conditions_and_gets_the_finalizer()
    {
        var ns = await Harness.NamespaceAsync("resolve");
        await Seed.ServiceAsync(Harness.Admin, ns, "echo",
            Slice(ns, "echo-a", "echo", EchoPorts(), Ready("198.19.2.11", "node2"), Ready("198.19.1.12", "node1")),
            Slice(ns, "echo-b", "echo", EchoPorts(),
                Endpoint("198.19.1.11", "node1", ready: false, serving: true, terminating: true),
                Ready("198.19.2.11", "node2"),
                Endpoint("198.19.1.13", "node1", ready: false, serving: false, terminating: false)));
        await using var op = await Harness.StartOperatorAsync("op-1");
        await Seed.VirtualServiceAsync(Harness, VirtualService(ns, "web", ports: [Port("http", 80, "http"), Port("udp", 81, "udp", "UDP")]));

        var vs = await Harness.StatusAsync(ns, "web", v => v.Status?.ObservedGeneration == 1 && v.Status.Conditions?.Count == 4, "a status");

        var status = vs.Status!;
        Assert.Equal(
            [
                "http 198.19.1.11:8080 node1 0 Draining", "http 198.19.1.12:8080 node1 1 Active", "http 198.19.2.11:8080 node2 1 Active",
                "udp 198.19.1.11:8081 node1 0 Draining", "udp 198.19.1.12:8081 node1 1 Active", "udp 198.19.2.11:8081 node2 1 Active",
            ],
            status.Backends!.Select(b => $"{b.PortName} {b.Ip}:{b.Port} {b.NodeName} {b.Weight} {b.State}"));
        Assert.Equal(BackendsRevision.Of(status.Backends!), status.BackendsRevision);
        Assert.Contains(VirtualServiceApi.Finalizer, vs.Metadata.Finalizers!);
        AssertCondition(vs, ConditionTypes.Resolved, ConditionList.True, ConditionReasons.Resolved);
        AssertCondition(vs, ConditionTypes.Programmed, ConditionList.False, ConditionReasons.NoDirectors);
        AssertCondition(vs, ConditionTypes.Ready, ConditionList.False, ConditionReasons.NoDirectors);
        AssertCondition(vs, ConditionTypes.Degraded, ConditionList.True, ConditionReasons.BackendsDraining);
        var events = await Harness.Admin.CoreV1.ListNamespacedEventAsync(ns);
        Assert.Contains(events.Items, e => e.Reason == ConditionReasons.Resolved && e.InvolvedObject.Name == "web" && e.Source.Component == "lvs-operator");
    }

    [Fact]
    public async Task A_change_to_one_services_slices_reconciles_only_the_virtual_services_of_that_service()
    {
        var ns = await Harness.NamespaceAsync("scope");
        await Seed.ServiceAsync(Harness.Admin, ns, "alpha", Slice(ns, "alpha-1", "alpha", EchoPorts(), Ready("198.19.1.11", "node1")));
        await Seed.ServiceAsync(Harness.Admin, ns, "beta", Slice(ns, "beta-1", "beta", EchoPorts(), Ready("198.19.1.21", "node1")));
        await using var op = await Harness.StartOperatorAsync("op-1");
        await Seed.VirtualServiceAsync(Harness, VirtualService(ns, "a1", vip: "198.18.0.101", service: "alpha"));
        await Seed.VirtualServiceAsync(Harness, VirtualService(ns, "a2", vip: "198.18.0.102", service: "alpha"));
        await Seed.VirtualServiceAsync(Harness, VirtualService(ns, "b1", vip: "198.18.0.103", service: "beta"));
        foreach (var name in new[] { "a1", "a2", "b1" })
        {
            await Harness.StatusAsync(ns, name, v => v.Status?.Backends?.Count == 1, "one backend");
        }

        await op.QuietAsync();
        var before = (a1: op.ReconcilesOf($"{ns}/a1"), a2: op.ReconcilesOf($"{ns}/a2"), b1: op.ReconcilesOf($"{ns}/b1"));
        var slice = await Harness.Admin.DiscoveryV1.ReadNamespacedEndpointSliceAsync("alpha-1", ns);
        slice.Endpoints.Add(Ready("198.19.2.11", "node2"));
        await Harness.Admin.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(slice, "alpha-1", ns);

        await Harness.StatusAsync(ns, "a1", v => v.Status?.Backends?.Count == 2, "the new backend");
        await Harness.StatusAsync(ns, "a2", v => v.Status?.Backends?.Count == 2, "the new backend");
        await op.QuietAsync();

        Assert.True(op.ReconcilesOf($"{ns}/a1") > before.a1);
        Assert.True(op.ReconcilesOf($"{ns}/a2") > before.a2);
        Assert.Equal(before.b1, op.ReconcilesOf($"{ns}/b1"));
        var b1 = await Harness.ReadAsync(ns, "b1");
        Assert.Equal("198.19.1.21", Assert.Single(b1!.Status!.Backends!).Ip);
    }

    [Fact]
    public async Task Invalid_specs_get_false_conditions_with_reasons_while_the_operator_keeps_serving_the_rest()
    {
        var ns = await Harness.NamespaceAsync("invalid");
        await Seed.ServiceAsync(Harness.Admin, ns, "echo", Slice(ns, "echo-1", "echo", EchoPorts(), Ready("198.19.1.11", "node1")));
        await using var op = await Harness.StartOperatorAsync("op-1");
        var multicast = VirtualService(ns, "multicast", vip: "224.0.0.7");
        var duplicatePorts = VirtualService(ns, "duplicate", vip: "198.18.0.111", ports: [Port("a", 80, "http"), Port("b", 80, "http")]);
        var noService = VirtualService(ns, "no-service", vip: "198.18.0.112", service: "nope");
        var noPort = VirtualService(ns, "no-port", vip: "198.18.0.113", ports: Port("web", 80, "https"));
        var good = VirtualService(ns, "good", vip: "198.18.0.114");
        foreach (var vs in new[] { multicast, duplicatePorts, noService, noPort, good })
        {
            await Seed.VirtualServiceAsync(Harness, vs);
        }

        foreach (var (name, reason) in new[]
        {
            ("multicast", ConditionReasons.InvalidSpec), ("duplicate", ConditionReasons.InvalidSpec),
            ("no-service", ConditionReasons.ServiceNotFound), ("no-port", ConditionReasons.PortNotFound),
        })
        {
            var vs = await Harness.StatusAsync(ns, name, v => ConditionList.Find(v.Status?.Conditions, ConditionTypes.Resolved)?.Reason == reason, reason);
            AssertCondition(vs, ConditionTypes.Ready, ConditionList.False, reason);
            Assert.Empty(vs.Status!.Backends!);
        }

        var fine = await Harness.StatusAsync(ns, "good", v => ConditionList.IsTrueAt(v.Status?.Conditions, ConditionTypes.Resolved, 1), "resolved");
        Assert.Single(fine.Status!.Backends!);
        var duplicate = await Harness.ReadAsync(ns, "duplicate");
        Assert.Contains("duplicate TCP port 80", ConditionList.Find(duplicate!.Status!.Conditions, ConditionTypes.Resolved)!.Message, StringComparison.Ordinal);
        var warnings = await Harness.Admin.CoreV1.ListNamespacedEventAsync(ns);
        Assert.Contains(warnings.Items, e => e.Type == "Warning" && e.Reason == ConditionReasons.InvalidSpec && e.InvolvedObject.Name == "multicast");
        Assert.Equal(200, (await op.GetAsync("/healthz")).Status);
        Assert.Equal(200, (await op.GetAsync("/readyz")).Status);

        // Fixing the spec is picked up like any other change.
        var fixedVs = (await Harness.ReadAsync(ns, "multicast"))!;
        fixedVs.Spec.Vip = "198.18.0.115";
        await Harness.VirtualServices.ReplaceAsync(fixedVs, CancellationToken.None);
        await Harness.StatusAsync(ns, "multicast", v => ConditionList.IsTrueAt(v.Status?.Conditions, ConditionTypes.Resolved, 2), "resolved at generation 2");
    }

    internal static void AssertCondition(VirtualService vs, string type, string status, string reason)
    {
        var condition = ConditionList.Find(vs.Status?.Conditions, type);
        Assert.True(condition is not null, $"no {type} condition");
        Assert.True((condition.Status, condition.Reason) == (status, reason), $"{type} is {condition.Status} {condition.Reason} ({condition.Message}), expected {status} {reason}");
        Assert.Equal(vs.Metadata.Generation, condition.ObservedGeneration);
    }
}
