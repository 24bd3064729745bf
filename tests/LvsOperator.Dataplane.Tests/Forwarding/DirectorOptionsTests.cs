using LvsOperator.Dataplane.Forwarding;

namespace LvsOperator.Dataplane.Tests.Forwarding;

public sealed class DirectorOptionsTests
{
    /// <summary>One default for the data plane and the agent: 1,048,576 connections, what the agent documents.</summary>
    [Fact]
    public void The_default_connection_capacity_is_the_products()
    {
        Assert.Equal(1 << 20, new DirectorOptions().ConnectionCapacity);
        Assert.Equal(DirectorOptions.DefaultConnectionCapacity, new DirectorOptions().ConnectionCapacity);
    }
}
