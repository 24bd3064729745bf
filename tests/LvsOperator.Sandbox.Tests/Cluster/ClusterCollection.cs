namespace LvsOperator.Sandbox.Tests.Cluster;

/// <summary>Tests against the shared multi-node sandbox; run alone (namespaces, processes and two shared cores).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
