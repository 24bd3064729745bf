using LvsOperator.Api.Conditions;
using LvsOperator.Operator.Tests.TestSupport;
using Xunit.Abstractions;
using static LvsOperator.Operator.Tests.TestSupport.Objects;

namespace LvsOperator.Operator.Tests.Hosting;

public sealed class EndpointsSandboxTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Probes_answer_and_metrics_carry_reconciles_durations_errors_queue_leader_and_informers()
    {
        await using var harness = await OperatorHarness.StartAsync(output);
        var ns = await harness.NamespaceAsync("metrics");
        await using var op = await harness.StartOperatorAsync("op-1");
        await Seed.VirtualServiceAsync(harness, VirtualService(ns, "web", service: "missing"));
        await harness.StatusAsync(ns, "web", v => ConditionList.Find(v.Status?.Conditions, ConditionTypes.Resolved)?.Reason == ConditionReasons.ServiceNotFound, "a status");

        var (health, healthBody) = await op.GetAsync("/healthz");
        var (ready, readyBody) = await op.GetAsync("/readyz");
        var (metrics, body) = await op.GetAsync("/metrics");

        Assert.Equal((200, "ok\n"), (health, healthBody));
        Assert.Equal((200, "ok, leading\n"), (ready, readyBody));
        Assert.Equal(200, metrics);
        foreach (var series in new[]
        {
            "lvs_operator_reconciles_total{result=\"success\"}", "lvs_operator_reconciles_total{result=\"error\"} 0",
            "lvs_operator_reconcile_errors_total 0", "lvs_operator_reconcile_duration_seconds_bucket{le=\"0.005\"}",
            "lvs_operator_reconcile_duration_seconds_count", "lvs_operator_workqueue_depth", "lvs_operator_workqueue_adds_total",
            "lvs_operator_workqueue_retries_total", "lvs_operator_leader 1", "lvs_operator_informer_lists_total{kind=\"VirtualService\"} 1",
            "lvs_operator_informer_watches_total{kind=\"Lease\"}", "lvs_operator_informer_synced{kind=\"EndpointSlice\"} 1", "lvs_operator_live_agents 0",
        })
        {
            Assert.Contains(series, body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("process_cpu_seconds_total", body, StringComparison.Ordinal);
    }
}
