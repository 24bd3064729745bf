using LvsOperator.Dataplane.Scheduling;

namespace LvsOperator.Dataplane.Tests.Scheduling;

public sealed class SchedulerFactoryTests
{
    [Theory]
    [InlineData("maglev", typeof(Maglev))]
    [InlineData("", typeof(Maglev))]
    [InlineData("RR", typeof(RoundRobin))]
    [InlineData("wrr", typeof(WeightedRoundRobin))]
    [InlineData("lc", typeof(LeastConnection))]
    [InlineData("wlc", typeof(WeightedLeastConnection))]
    [InlineData("sh", typeof(SourceHash))]
    public void Creates_each_known_scheduler(string name, Type expected)
    {
        Assert.True(SchedulerFactory.TryCreate(name, out var scheduler, out var error));
        Assert.IsType(expected, scheduler);
        Assert.Null(error);
        Assert.Equal(SchedulerFactory.CanonicalName(name), scheduler.Name);
    }

    [Fact]
    public void Unknown_name_is_refused_with_a_message()
    {
        Assert.False(SchedulerFactory.TryCreate("lblc", out var scheduler, out var error));
        Assert.Null(scheduler);
        Assert.Contains("lblc", error);
        Assert.Throws<ArgumentException>(() => SchedulerFactory.Create("lblc"));
    }
}
