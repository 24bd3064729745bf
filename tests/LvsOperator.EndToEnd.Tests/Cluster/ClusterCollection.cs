namespace LvsOperator.EndToEnd.Tests.Cluster;

/// <summary>
/// The tests against one shared multi-node sandbox (<see cref="ClusterFixture"/>): one start-up for all of them, run
/// alone (real processes, namespaces and two shared cores). Each test uses its own VIP and names and puts back what it
/// scales or kills.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
