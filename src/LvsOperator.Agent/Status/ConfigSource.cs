namespace LvsOperator.Agent.Status;

/// <summary>
/// Where the configuration comes from, for /v1/services: the config file's full path, or in Kubernetes mode the
/// kubeconfig (or "in-cluster") and this node's name.
/// </summary>
internal sealed record ConfigSource(string Path, string? NodeName)
{
    public const string InCluster = "in-cluster";
}
