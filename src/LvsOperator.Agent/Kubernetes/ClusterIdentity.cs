namespace LvsOperator.Agent.Kubernetes;

/// <summary>Who the agent is in the cluster and how it reaches the API server (Kubernetes mode only).</summary>
/// <param name="Kubeconfig">A kubeconfig file, or null for the pod's in-cluster config.</param>
/// <param name="NodeName">This node: the holderIdentity of its Leases and the nodeName of its status entries.</param>
/// <param name="Namespace">Where the agents' Leases live.</param>
public sealed record ClusterIdentity(string? Kubeconfig, string NodeName, string Namespace)
{
    public const string DefaultNamespace = "lvs-system";
}
