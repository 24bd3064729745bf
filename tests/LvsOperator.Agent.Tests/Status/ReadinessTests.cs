using LvsOperator.Agent.Config;
using LvsOperator.Agent.Status;

namespace LvsOperator.Agent.Tests.Status;

public sealed class ReadinessTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ConfigStatus Good = ConfigStatus.Initial with { Generation = 1, Applied = DesiredConfiguration.Empty, AppliedAt = At, GuardInstalled = true };

    [Fact]
    public void Ready_once_a_config_is_applied_the_guard_installed_and_the_forwarder_running()
    {
        Assert.Equal((true, "ok (generation 1)"), Readiness.Evaluate(Good, forwarderRunning: true));
    }

    [Fact]
    public void Not_ready_before_any_config_or_when_the_forwarder_stopped()
    {
        Assert.False(Readiness.Evaluate(ConfigStatus.Initial, forwarderRunning: true).Ready);
        Assert.Equal((false, "forwarder is not running"), Readiness.Evaluate(Good, forwarderRunning: false));
    }

    [Fact]
    public void Not_ready_without_the_guard_and_says_why()
    {
        var (ready, reason) = Readiness.Evaluate(Good with { GuardInstalled = false, GuardError = "nft: Operation not permitted" }, forwarderRunning: true);

        Assert.False(ready);
        Assert.Contains("nft: Operation not permitted", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejected_reload_after_a_good_config_stays_ready_and_names_the_problems()
    {
        var (ready, reason) = Readiness.Evaluate(Good with { LastError = new ConfigError(At, ["document 2 (default/x): spec.vip: bad"]) }, forwarderRunning: true);

        Assert.True(ready);
        Assert.Contains("document 2 (default/x): spec.vip: bad", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejected_first_config_is_not_ready_and_names_the_problems()
    {
        var (ready, reason) = Readiness.Evaluate(ConfigStatus.Initial with { LastError = new ConfigError(At, ["document 1: expected apiVersion"]) }, forwarderRunning: true);

        Assert.False(ready);
        Assert.Contains("document 1: expected apiVersion", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void In_kubernetes_mode_not_ready_until_the_informers_synced_nor_after_a_failed_apply()
    {
        var syncing = Readiness.Evaluate(Good with { ClusterSynced = false }, forwarderRunning: true);
        Assert.Equal((false, "waiting for the cluster's VirtualServices, Nodes and Leases to sync"), syncing);

        Assert.True(Readiness.Evaluate(Good with { ClusterSynced = true }, forwarderRunning: true).Ready);

        var failed = Readiness.Evaluate(Good with { ClusterSynced = true, LastError = new ConfigError(At, ["TCP 198.18.0.100:80: defined more than once"]) }, forwarderRunning: true);
        Assert.False(failed.Ready);
        Assert.Contains("defined more than once", failed.Reason, StringComparison.Ordinal);
    }
}
