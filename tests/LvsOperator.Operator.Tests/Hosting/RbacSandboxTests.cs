using LvsOperator.Operator.Tests.TestSupport;
using Xunit.Abstractions;

namespace LvsOperator.Operator.Tests.Hosting;

public sealed class RbacSandboxTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_missing_rbac_verb_is_named_in_the_log_and_on_the_readiness_probe()
    {
        await using var harness = await OperatorHarness.StartAsync(output, rules => rules.RemoveAll(r => r.Resources.Contains("endpointslices")));
        await using var op = await harness.StartOperatorAsync("op-1");

        var (status, body) = await Wait.ForAsync(
            async () => await op.GetAsync("/readyz") is var probe && probe.Body.Contains("forbidden", StringComparison.Ordinal) ? Tuple.Create(probe.Status, probe.Body) : null,
            _ => true,
            "readiness to name the forbidden verb");

        Assert.Equal(503, status);
        Assert.Contains("EndpointSlice informer not synced: forbidden: list endpointslices.discovery.k8s.io", body, StringComparison.Ordinal);
        Assert.Contains("system:serviceaccount:lvs-system:lvs-operator", body, StringComparison.Ordinal);
        await Wait.UntilAsync(
            () => op.Log.Lines.Any(line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("forbidden: list endpointslices.discovery.k8s.io", StringComparison.Ordinal)),
            "a warning naming the forbidden verb");
        Assert.False(op.Leading);
        Assert.Equal(200, (await op.GetAsync("/healthz")).Status);
    }

    [Fact]
    public async Task A_missing_status_verb_fails_the_reconcile_with_a_line_that_names_it()
    {
        await using var harness = await OperatorHarness.StartAsync(output, rules => rules.RemoveAll(r => r.Resources.Contains("virtualservices/status")));
        var ns = await harness.NamespaceAsync("rbac");
        await using var op = await harness.StartOperatorAsync("op-1");
        await Seed.VirtualServiceAsync(harness, Objects.VirtualService(ns, "web", service: "missing"));

        await Wait.UntilAsync(
            () => op.Log.Lines.Any(l => l.Contains($"reconcile of {ns}/web failed: forbidden: update virtualservices.lvs.lvs-operator.dev/status", StringComparison.Ordinal)),
            "a reconcile failure naming the verb and resource");
    }
}
