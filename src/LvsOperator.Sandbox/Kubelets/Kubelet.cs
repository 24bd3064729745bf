using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using LvsOperator.Sandbox.Cluster;
using LvsOperator.Sandbox.Controllers;
using LvsOperator.Sandbox.Network;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// The kubelet of one sandbox node: watches the pods bound to it (spec.nodeName) and keeps one <see cref="PodWorker"/>
/// per pod. Pods it runs carry <see cref="Finalizer"/>, so deleting one only marks it, and the worker runs the grace
/// period before letting it go. Probes run from the node's namespace. Disposing stops every pod within the shutdown
/// bound (SIGTERM, then SIGKILL) without writing to the API server.
/// </summary>
public sealed class Kubelet : IAsyncDisposable
{
    /// <summary>The finalizer the sandbox's kubelets keep on every pod they run, until its containers and network are gone.</summary>
    public const string Finalizer = "lvs-operator.dev/sandbox-kubelet";

    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(10);

    private readonly KubeletRuntime _runtime;
    private readonly PodAddressPool _pool;
    private readonly NamespaceSockets _sockets;
    private readonly Prober _prober;
    private readonly ConcurrentDictionary<string, PodWorker> _workers = new(StringComparer.Ordinal);
    private readonly ControllerLoop _loop;

    internal Kubelet(KubeletRuntime runtime, ClusterNode node)
    {
        _runtime = runtime;
        Node = node;
        _pool = new PodAddressPool(node.Index);
        _sockets = new NamespaceSockets(node.Namespace);
        _prober = new Prober(_sockets);
        var selector = $"spec.nodeName={node.Name}";
        _loop = ControllerLoop.Start(
            $"kubelet {node.Name}",
            [(signal, stop) => ChangeWatch.RunAsync(ct => runtime.Client.CoreV1.WatchListPodForAllNamespacesAsync(fieldSelector: selector, cancellationToken: ct), signal, stop)],
            ReconcileAsync,
            Resync,
            runtime.Logging.CreateLogger<Kubelet>());
    }

    public ClusterNode Node { get; }

    /// <summary>How long a sandbox shutdown gives each pod's containers after SIGTERM.</summary>
    internal TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The worker of a pod this kubelet runs, by namespace and name.</summary>
    internal PodWorker? Find(string podNamespace, string podName) =>
        _workers.Values.FirstOrDefault(w => w.Pod.Metadata.NamespaceProperty == podNamespace && w.Pod.Metadata.Name == podName && !w.Completion.IsCompleted);

    public async ValueTask DisposeAsync()
    {
        await _loop.DisposeAsync();
        foreach (var worker in _workers.Values)
        {
            worker.Stop(ShutdownGrace);
        }

        await Task.WhenAll(_workers.Values.Select(w => w.Completion));
        _prober.Dispose();
        _sockets.Dispose();
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var pods = (await _runtime.Client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: $"spec.nodeName={Node.Name}", cancellationToken: cancellationToken)).Items;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            seen.Add(pod.Metadata.Uid);
            if (_workers.TryGetValue(pod.Metadata.Uid, out var worker))
            {
                worker.Update(pod);
            }
            else if (!IsDone(pod))
            {
                _workers[pod.Metadata.Uid] = new PodWorker(_runtime, Node, _pool, _prober, pod);
            }
        }

        foreach (var (uid, worker) in _workers)
        {
            if (!seen.Contains(uid))
            {
                worker.Vanish();
                if (worker.Completion.IsCompleted)
                {
                    _workers.TryRemove(uid, out _);
                }
            }
        }
    }

    /// <summary>A deleted pod this kubelet never held (someone else's finalizer keeps it): nothing to run.</summary>
    private static bool IsDone(V1Pod pod) =>
        PodFacts.IsTerminating(pod) && pod.Metadata.Finalizers?.Contains(Finalizer) != true;
}
