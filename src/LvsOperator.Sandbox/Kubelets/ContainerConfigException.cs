namespace LvsOperator.Sandbox.Kubelets;

/// <summary>A container the kubelet cannot start as specified (status waiting, reason CreateContainerConfigError or ErrImageNeverPull).</summary>
public sealed class ContainerConfigException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}
