using k8s.Models;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// One container of a pod as the kubelet runs it. Termination has two steps, as in Kubernetes: <see cref="BeginTermination"/>
/// at the start of the grace period (SIGTERM), <see cref="StopAsync"/> at its end or once the container has exited (SIGKILL).
/// </summary>
internal interface IPodContainer : IAsyncDisposable
{
    string Name { get; }

    /// <summary>The container's entry in status.containerStatuses, as of now.</summary>
    V1ContainerStatus Status { get; }

    bool IsReady { get; }

    /// <summary>Has stopped running for good (after <see cref="BeginTermination"/>, or with restartPolicy Never).</summary>
    bool HasExited { get; }

    Task StartAsync(CancellationToken cancellationToken);

    void BeginTermination();

    Task StopAsync();
}
