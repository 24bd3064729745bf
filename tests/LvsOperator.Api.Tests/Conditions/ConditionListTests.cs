using k8s.Models;
using LvsOperator.Api.Conditions;

namespace LvsOperator.Api.Tests.Conditions;

public sealed class ConditionListTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Transition_time_moves_only_when_status_flips()
    {
        var list = new List<V1Condition>();
        Assert.True(ConditionList.Set(list, ConditionTypes.Ready, false, "Pending", "waiting", 1, T0));
        Assert.True(ConditionList.Set(list, ConditionTypes.Ready, false, "Pending", "still waiting", 2, T0.AddMinutes(1)));
        Assert.Equal(T0.UtcDateTime, list[0].LastTransitionTime);
        Assert.False(ConditionList.Set(list, ConditionTypes.Ready, false, "Pending", "still waiting", 2, T0.AddMinutes(2)));

        Assert.True(ConditionList.Set(list, ConditionTypes.Ready, true, "Ready", "ok", 2, T0.AddMinutes(3)));
        var ready = Assert.Single(list);
        Assert.Equal(("True", "Ready", 2L), (ready.Status, ready.Reason, ready.ObservedGeneration!.Value));
        Assert.Equal(T0.AddMinutes(3).UtcDateTime, ready.LastTransitionTime);
    }

    [Fact]
    public void A_true_condition_counts_only_at_the_current_generation()
    {
        var list = new List<V1Condition>();
        ConditionList.Set(list, ConditionTypes.Ready, true, "Ready", "ok", 3, T0);
        Assert.True(ConditionList.IsTrueAt(list, ConditionTypes.Ready, 3));
        Assert.False(ConditionList.IsTrueAt(list, ConditionTypes.Ready, 4));
        Assert.False(ConditionList.IsTrueAt(list, ConditionTypes.Programmed, 3));
    }
}
