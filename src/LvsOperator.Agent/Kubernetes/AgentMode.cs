namespace LvsOperator.Agent.Kubernetes;

/// <summary>Where the agent's desired configuration comes from: exactly one of a file and the cluster.</summary>
public enum AgentMode
{
    /// <summary><c>--config FILE</c>: VirtualService documents with static backends.</summary>
    Standalone,

    /// <summary>The API server: VirtualServices that select this node, their real servers from status.backends.</summary>
    Kubernetes,
}
