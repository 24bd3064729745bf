namespace LvsOperator.Api.AgentApi;

/// <summary>
/// The configuration: whether one is in force, since when, and the last reload's problems if it was rejected.
/// <see cref="Path"/> is the config file, or in Kubernetes mode the kubeconfig ("in-cluster" in a pod), and
/// <see cref="NodeName"/> the node the agent directs for (null standalone).
/// </summary>
public sealed record ConfigDocument(
    string Path,
    long Generation,
    bool Applied,
    DateTimeOffset? AppliedAt,
    bool GuardInstalled,
    string? GuardError,
    ConfigErrorDocument? LastError,
    string? NodeName = null);
