using System.Diagnostics;
using System.Text;
using k8s;
using k8s.Models;

namespace LvsOperator.Sandbox.Cluster;

/// <summary>
/// Waits, as `kubectl rollout status` does, until the sandbox's workloads are rolled out and Ready: Deployment echo,
/// Deployment lvs-operator and DaemonSet lvs-agent (the ones deployed). On timeout the error lists every pod with its
/// phase and container states and says where the logs are.
/// </summary>
internal static class ClusterReadiness
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public static async Task WaitAsync(IKubernetes client, SandboxClusterOptions options, int nodes, string logDirectory, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pending = await PendingAsync(client, options, nodes, cancellationToken);
            if (pending.Count == 0)
            {
                return;
            }

            if (waited.Elapsed > options.ReadyTimeout)
            {
                throw new TimeoutException($"the sandbox was not ready after {options.ReadyTimeout.TotalSeconds:0} s: waiting for {string.Join(", ", pending)}\n"
                    + await DescribePodsAsync(client, cancellationToken) + $"container logs: {logDirectory}");
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    private static async Task<List<string>> PendingAsync(IKubernetes client, SandboxClusterOptions options, int nodes, CancellationToken cancellationToken)
    {
        var pending = new List<string>();
        if (!await DeploymentReadyAsync(client, ClusterManifests.EchoNamespace, ClusterManifests.EchoName, cancellationToken))
        {
            pending.Add("deployment/echo");
        }

        if (options.DeployOperator && !await DeploymentReadyAsync(client, ClusterManifests.SystemNamespace, ClusterManifests.OperatorName, cancellationToken))
        {
            pending.Add("deployment/lvs-operator");
        }

        if (options.DeployAgents)
        {
            var agents = await client.AppsV1.ReadNamespacedDaemonSetAsync(ClusterManifests.AgentName, ClusterManifests.SystemNamespace, cancellationToken: cancellationToken);
            if (agents.Status is not { } status || status.DesiredNumberScheduled != nodes || status.NumberReady != nodes || status.ObservedGeneration < agents.Metadata.Generation)
            {
                pending.Add("daemonset/lvs-agent");
            }
        }

        return pending;
    }

    private static async Task<bool> DeploymentReadyAsync(IKubernetes client, string ns, string name, CancellationToken cancellationToken)
    {
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: cancellationToken);
        var wanted = deployment.Spec.Replicas ?? 1;
        return deployment.Status is { } status && status.ObservedGeneration >= deployment.Metadata.Generation
            && (status.UpdatedReplicas ?? 0) == wanted && (status.ReadyReplicas ?? 0) >= wanted && (status.Replicas ?? 0) == wanted;
    }

    private static async Task<string> DescribePodsAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var pod in (await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: cancellationToken)).Items)
        {
            text.Append($"  {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} on {pod.Spec.NodeName}: {pod.Status?.Phase ?? "no status"}");
            foreach (var container in pod.Status?.ContainerStatuses ?? [])
            {
                var state = container.State?.Waiting is { } waiting ? $"waiting {waiting.Reason}: {waiting.Message}"
                    : container.State?.Terminated is { } terminated ? $"terminated {terminated.ExitCode}"
                    : container.State?.Running is not null ? (container.Ready ? "running, ready" : "running, not ready") : "unknown";
                text.Append($"; {container.Name} {state}, {container.RestartCount} restarts");
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
