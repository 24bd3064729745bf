namespace LvsOperator.EndToEnd.Tests.Harness;

/// <summary>Network tests run one at a time: they share two CPU cores and time-sensitive sockets.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NetnsCollection
{
    public const string Name = "netns";
}
