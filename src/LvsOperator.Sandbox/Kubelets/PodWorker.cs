using System.Diagnostics;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using LvsOperator.Sandbox.Cluster;
using LvsOperator.Sandbox.Controllers;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// One pod's life on its node, in one loop that owns it (the kubelet's pod worker): hold the pod with the kubelet's
/// finalizer, create its network and containers (<see cref="PodRun"/>), report status whenever something changes,
/// and on deletion run the grace period — containers get SIGTERM at its start and SIGKILL at its end (an in-process
/// app keeps serving until then), then the network goes and the finalizer is removed, which lets the API server
/// delete the pod. A pod that vanishes without that (its namespace deleted) and a sandbox shutting down skip the
/// API writes.
/// </summary>
#pragma warning disable CA1001 // _abandon has no timer: Stop cancels it whenever the sandbox says so, also after the run ended, so it is never disposed
internal sealed partial class PodWorker
#pragma warning restore CA1001
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    private readonly KubeletRuntime _runtime;
    private readonly ClusterNode _node;
    private readonly PodAddressPool _pool;
    private readonly Prober _prober;
    private readonly ILogger _logger;
    private readonly Channel<V1Pod> _updates = Channel.CreateBounded<V1Pod>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly ReconcileSignal _changed = new();
    private readonly CancellationTokenSource _abandon = new();
    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch _sinceStop = new();
    private readonly Lock _stopGate = new();
    private TimeSpan? _stopGrace;
    private string? _startError;
    private V1PodStatus? _lastStatus;
    private string _lastWritten = string.Empty;

    public PodWorker(KubeletRuntime runtime, ClusterNode node, PodAddressPool pool, Prober prober, V1Pod pod)
    {
        _runtime = runtime;
        _node = node;
        _pool = pool;
        _prober = prober;
        _logger = runtime.Logging.CreateLogger<PodWorker>();
        Pod = pod;
        Completion = Task.Run(RunAsync);
    }

    public V1Pod Pod { get; private set; }

    /// <summary>What runs for the pod, once it has started; for the cluster's test hooks.</summary>
    public PodRun? Run { get; private set; }

    public Task Completion { get; }

    public void Update(V1Pod pod) => _updates.Writer.TryWrite(pod);

    /// <summary>The pod is gone from the API server: stop everything now, write nothing.</summary>
    public void Vanish() => Stop(TimeSpan.Zero);

    /// <summary>The sandbox is shutting down: containers get at most <paramref name="grace"/> from now; nothing is written.</summary>
    public void Stop(TimeSpan grace)
    {
        lock (_stopGate)
        {
            if (_stopGrace is not null)
            {
                return;
            }

            _stopGrace = grace;
            _sinceStop.Start();
        }

        _stopRequested.TrySetResult();
        _abandon.Cancel();
    }

    private bool Stopping => _stopRequested.Task.IsCompleted;

    private async Task RunAsync()
    {
        try
        {
            if (!PodFacts.IsTerminating(Pod) && !await PodFinalizer.AddAsync(_runtime.Client, Pod, _abandon.Token))
            {
                return; // deleted before we could hold it
            }

            if (!PodFacts.IsTerminating(Pod))
            {
                await StartAsync();
                await WriteStatusAsync();
                await WatchAsync();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !Stopping)
        {
            Log.PodFailed(_logger, Pod.Metadata.NamespaceProperty, Pod.Metadata.Name, e);
        }
        catch (OperationCanceledException)
        {
            // Stopped: terminate below.
        }

        await TerminateAsync();
    }

    private async Task StartAsync()
    {
        try
        {
            Run = await PodRun.CreateAsync(_runtime, _node, _pool, _prober, Pod, _changed.Raise, _abandon.Token);
            foreach (var container in Run.Containers)
            {
                await container.StartAsync(_abandon.Token);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The pod stays, Failed with the reason, until it is deleted (the kubelet does not retry a broken sandbox).
            _startError = e.Message;
            Log.PodFailed(_logger, Pod.Metadata.NamespaceProperty, Pod.Metadata.Name, e);
        }
    }

    /// <summary>Until deletion or a stop: status on every change, and a fresh look at each update the kubelet passes on.</summary>
    private async Task WatchAsync()
    {
        Task<bool>? update = null;
        Task? changed = null;
        while (!Stopping && !PodFacts.IsTerminating(Pod))
        {
            update ??= _updates.Reader.WaitToReadAsync(_abandon.Token).AsTask();
            changed ??= _changed.WaitAsync(Timeout.InfiniteTimeSpan, _abandon.Token);
            await Task.WhenAny(update, changed, _stopRequested.Task);
            update = update.IsCompleted ? null : update;
            changed = changed.IsCompleted ? null : changed;
            var repair = false;
            if (_updates.Reader.TryRead(out var pod))
            {
                repair = Differs(pod.Status, _lastStatus);
                Pod = pod;
            }

            if (!Stopping)
            {
                await WriteStatusAsync(repair);
            }
        }
    }

    private async Task TerminateAsync()
    {
        var grace = TimeSpan.FromSeconds(Math.Max(0, Pod.Metadata.DeletionGracePeriodSeconds ?? Pod.Spec.TerminationGracePeriodSeconds ?? 30));
        var sinceDeletion = Stopwatch.StartNew();
        if (Run is { } run)
        {
            foreach (var container in run.Containers)
            {
                container.BeginTermination();
            }

            // When the whole sandbox goes, an in-process app needs no grace period: only processes get their SIGTERM's worth.
            while (sinceDeletion.Elapsed < grace && !run.Containers.All(c => c.HasExited || (Stopping && c is EchoContainer)) && !StopDeadlinePassed())
            {
                if (!Stopping)
                {
                    await WriteStatusAsync();
                }

                await Task.WhenAny(Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None), _stopRequested.Task);
            }

            foreach (var container in run.Containers)
            {
                await container.StopAsync();
            }

            run.Dispose();
        }

        while (!Stopping && !await TryRemoveFinalizerAsync())
        {
            await Task.WhenAny(Task.Delay(RetryPause, CancellationToken.None), _stopRequested.Task);
        }
    }

    private bool StopDeadlinePassed()
    {
        lock (_stopGate)
        {
            return _stopGrace is { } bound && _sinceStop.Elapsed >= bound;
        }
    }

    private async Task<bool> TryRemoveFinalizerAsync()
    {
        try
        {
            return await PodFinalizer.RemoveAsync(_runtime.Client, Pod, CancellationToken.None);
        }
        catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException)
        {
            Log.FinalizerFailed(_logger, Pod.Metadata.NamespaceProperty, Pod.Metadata.Name, e);
            return false;
        }
    }

    private async Task WriteStatusAsync(bool repair = false)
    {
        var now = _runtime.Time.GetUtcNow().UtcDateTime;
        var status = _startError is { } error ? new V1PodStatus { Phase = "Failed", Reason = "StartFailed", Message = error, HostIP = _node.Address.ToString() }
            : Run is { } run ? PodStatusReport.Build(run.Network, _node.Address.ToString(), run.Containers, run.NotStarted, Pod.Metadata.CreationTimestamp ?? now, now)
            : null;
        if (status is null)
        {
            return;
        }

        PodStatusReport.CarryTransitions(status, _lastStatus);
        var json = KubernetesJson.Serialize(status);
        if (json == _lastWritten && !repair)
        {
            return;
        }

        try
        {
            var patch = new V1Patch(new { status }, V1Patch.PatchType.MergePatch);
            await _runtime.Client.CoreV1.PatchNamespacedPodStatusAsync(patch, Pod.Metadata.Name, Pod.Metadata.NamespaceProperty, cancellationToken: CancellationToken.None);
            (_lastWritten, _lastStatus) = (json, status);
        }
        catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException)
        {
            // Written again on the next change or resync.
            Log.StatusFailed(_logger, Pod.Metadata.NamespaceProperty, Pod.Metadata.Name, e);
        }
    }

    /// <summary>Whether the stored status lost what matters (someone else wrote it, or our write was lost).</summary>
    private static bool Differs(V1PodStatus? stored, V1PodStatus? ours) =>
        ours is not null && (stored?.Phase != ours.Phase || stored?.PodIP != ours.PodIP
            || stored?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status != ours.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status);
}
