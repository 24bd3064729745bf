using k8s;

namespace LvsOperator.Agent.Kubernetes;

/// <summary>
/// Picks the mode from the switches and the environment, before anything is opened: <c>--config FILE</c> is
/// standalone; <c>--kubeconfig FILE</c>, else a KUBECONFIG variable, else a pod's in-cluster environment is Kubernetes
/// mode. Naming both switches is an error. An ambient KUBECONFIG or in-cluster environment does not conflict with
/// <c>--config</c> (a standalone agent may run in a pod, or in a shell that has a KUBECONFIG): only switches conflict.
/// </summary>
public static class AgentModeSelection
{
    public const string NodeNameVariable = "NODE_NAME";
    public const string NamespaceVariable = "POD_NAMESPACE";
    public const string KubeconfigVariable = "KUBECONFIG";

    /// <exception cref="InvalidOperationException">Neither or both modes are asked for, or Kubernetes mode has no node name.</exception>
    public static (AgentMode Mode, ClusterIdentity? Cluster) Resolve(
        string configPath, string kubeconfig, string nodeName, string @namespace, Func<string, string?> environment, bool? inCluster = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        bool standalone = !string.IsNullOrWhiteSpace(configPath);
        bool kubeconfigGiven = !string.IsNullOrWhiteSpace(kubeconfig);
        if (standalone && kubeconfigGiven)
        {
            throw new InvalidOperationException(
                "--config FILE (standalone) and --kubeconfig FILE (Kubernetes mode) exclude each other: give one of them");
        }

        if (standalone)
        {
            return (AgentMode.Standalone, null);
        }

        string? path = kubeconfigGiven ? kubeconfig : FirstPath(environment(KubeconfigVariable));
        if (path is null && !(inCluster ?? KubernetesClientConfiguration.IsInCluster()))
        {
            throw new InvalidOperationException(
                "no configuration: run with --config FILE (standalone, a YAML stream of VirtualService documents), or in " +
                "Kubernetes mode with --kubeconfig FILE, a KUBECONFIG variable, or inside a pod (in-cluster config)");
        }

        var node = NonEmpty(nodeName) ?? NonEmpty(environment(NodeNameVariable)) ?? throw new InvalidOperationException(
            $"Kubernetes mode needs this node's name: set {NodeNameVariable} (the downward API's spec.nodeName) or pass --node-name");
        var ns = NonEmpty(@namespace) ?? NonEmpty(environment(NamespaceVariable)) ?? ClusterIdentity.DefaultNamespace;
        return (AgentMode.Kubernetes, new ClusterIdentity(path, node, ns));
    }

    // KUBECONFIG may list several files (kubectl merges them); the agent reads the first.
    private static string? FirstPath(string? variable) =>
        variable?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
