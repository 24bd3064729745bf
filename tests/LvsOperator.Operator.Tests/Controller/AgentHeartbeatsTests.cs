using LvsOperator.Operator.Controller;
using LvsOperator.Operator.Resolution;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static LvsOperator.Operator.Tests.TestSupport.Objects;

namespace LvsOperator.Operator.Tests.Controller;

public sealed class AgentHeartbeatsTests : IDisposable
{
    private static readonly TimeSpan GoneAfter = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly AgentHeartbeats _agents;
    private readonly List<string?> _changes = [];

    public AgentHeartbeatsTests()
    {
        _agents = new AgentHeartbeats(GoneAfter, NullLogger<AgentHeartbeats>.Instance, _time);
        _agents.Changed += node => _changes.Add(node);
    }

    public void Dispose() => _agents.Dispose();

    [Fact]
    public void An_agent_is_live_for_its_lease_duration_after_the_operator_saw_its_record_change()
    {
        _agents.Observe(Heartbeat("lvs-system", "node1", durationSeconds: 6));
        _time.Advance(TimeSpan.FromSeconds(5.9));
        Assert.True(_agents.Of("node1").Live);

        _time.Advance(TimeSpan.FromSeconds(0.2));

        Assert.Equal(new AgentStatus(Live: false, Lapsed: true, Gone: false), _agents.Of("node1"));
        Assert.Equal(["node1", "node1"], _changes);
    }

    [Fact]
    public void A_renewal_extends_liveness_without_a_change_notice_and_an_unchanged_record_does_not()
    {
        var lease = Heartbeat("lvs-system", "node1", durationSeconds: 6);
        _agents.Observe(lease);
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(2));
            lease.Spec.RenewTime = lease.Spec.RenewTime!.Value.AddSeconds(2);
            _agents.Observe(lease);
        }

        Assert.True(_agents.Of("node1").Live);
        Assert.Equal(["node1"], _changes);

        // The same record over and over (a resync, a relist) is no sign of life: the agent lapses on time.
        for (var i = 0; i < 4; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(2));
            _agents.Observe(lease);
        }

        Assert.False(_agents.Of("node1").Live);
    }

    [Fact]
    public void The_agents_own_timestamps_are_never_compared_with_the_operators_clock()
    {
        var skewed = Heartbeat("lvs-system", "node1", durationSeconds: 6);
        skewed.Spec.RenewTime = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        _agents.Observe(skewed);

        Assert.True(_agents.Of("node1").Live);
    }

    [Fact]
    public void A_released_or_deleted_lease_or_another_holder_ends_liveness_at_once()
    {
        _agents.Observe(Heartbeat("lvs-system", "node1", 6));
        _agents.Observe(Heartbeat("lvs-system", "node2", 6));
        _agents.Observe(Heartbeat("lvs-system", "node3", 6));

        _agents.Observe(Heartbeat("lvs-system", "node1", 6, holder: ""));
        _agents.Forget(Heartbeat("lvs-system", "node2", 6));
        _agents.Observe(Heartbeat("lvs-system", "node3", 6, holder: "impostor"));

        Assert.All(new[] { "node1", "node2", "node3" }, n => Assert.Equal(new AgentStatus(false, false, false), _agents.Of(n)));
    }

    [Fact]
    public void Gone_after_not_being_live_for_the_gone_period_and_never_seen_agents_after_the_startup_grace()
    {
        _agents.Observe(Heartbeat("lvs-system", "node1", 6));
        Assert.False(_agents.Of("never").Gone);

        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.True(_agents.Of("node1").Lapsed);
        _time.Advance(TimeSpan.FromSeconds(24));
        Assert.True(_agents.Of("never").Gone);
        Assert.False(_agents.Of("node1").Gone);
        Assert.Contains(null, _changes);

        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(new AgentStatus(Live: false, Lapsed: true, Gone: true), _agents.Of("node1"));
        Assert.Equal(["node1", "node1", null, "node1"], _changes);
    }

    [Fact]
    public void Other_leases_in_the_namespace_are_ignored()
    {
        var leader = Heartbeat("lvs-system", "x", 15);
        leader.Metadata.Name = "lvs-operator";
        var vip = Heartbeat("lvs-system", "x", 2);
        vip.Metadata.Name = "lvs-vip-198-18-0-100";

        _agents.Observe(leader);
        _agents.Observe(vip);

        Assert.Equal(0, _agents.LiveCount);
        Assert.Empty(_changes);
        Assert.Null(AgentHeartbeats.NodeOf(Heartbeat("lvs-system", "", 1)));
    }
}
