namespace LvsOperator.Sandbox.Tests.Network;

/// <summary>Tests that build network namespaces run one at a time: they share two CPU cores and time-sensitive sockets.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NetnsCollection
{
    public const string Name = "netns";
}
