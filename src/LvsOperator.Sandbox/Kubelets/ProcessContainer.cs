using System.Diagnostics;
using System.Net;
using k8s.Models;
using LvsOperator.Sandbox.Processes;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// A container run as a process (<see cref="ContainerLaunch"/>), supervised as the kubelet does: restarted when it exits
/// (restartPolicy Always, or OnFailure after a non-zero exit) with an exponential back-off (CrashLoopBackOff) that
/// resets after a long enough run; killed and restarted when its liveness probe fails; ready while it runs and its
/// readiness probe (if any) passes. Output goes to the container's <see cref="PodLog"/>.
/// </summary>
internal sealed class ProcessContainer(V1Container container, string restartPolicy, ProcessCommand command, ContainerProbing probing, PodLog log, KubeletOptions options, TimeProvider time, Action changed) : IPodContainer
{
    private readonly CancellationTokenSource _terminating = new();
    private readonly Lock _gate = new();
    private Task? _supervision;
    private RunningProcess? _process;
    private V1ContainerState _state = new() { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } };
    private V1ContainerState? _lastState;
    private int _restarts;
    private bool _exited;
    private bool _killRequested;

    public string Name => container.Name;

    /// <summary>The running process's id, null between runs; for tests that kill it.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    public bool IsReady => _state.Running is not null && probing.IsReady;

    public bool HasExited => _exited;

    public V1ContainerStatus Status
    {
        get
        {
            lock (_gate)
            {
                return new V1ContainerStatus
                {
                    Name = container.Name,
                    Image = container.Image,
                    ImageID = $"sandbox://{command.Arguments.FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal)) ?? command.FileName}",
                    ContainerID = _process is { } p ? $"sandbox://pid/{p.Id}" : null,
                    Ready = IsReady,
                    Started = _state.Running is not null,
                    RestartCount = _restarts,
                    State = _state,
                    LastState = _lastState,
                };
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _supervision = Task.Run(() => SuperviseAsync(_terminating.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public void BeginTermination()
    {
        _terminating.Cancel();
        _process?.Signal(ProcessSignal.Terminate);
    }

    /// <summary>Kills the process if it still runs (the grace period is over) and waits for the supervisor to finish.</summary>
    public async Task StopAsync()
    {
        BeginTermination();
        RunningProcess? process;
        lock (_gate)
        {
            // Under the lock the supervisor takes to publish a new run: either we see its process, or it sees this flag.
            _killRequested = true;
            process = _process;
        }

        if (process is not null)
        {
            await process.KillAsync();
        }

        if (_supervision is { } supervision)
        {
            await supervision.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Sends a signal to the running process (a test's kill -9); false between runs.</summary>
    public bool Signal(ProcessSignal signal) => _process?.Signal(signal) ?? false;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _terminating.Dispose();
    }

    private async Task SuperviseAsync(CancellationToken terminating)
    {
        var backoff = options.InitialRestartBackoff;
        while (!terminating.IsCancellationRequested)
        {
            var ran = Stopwatch.StartNew();
            var started = time.GetUtcNow().UtcDateTime;
            log.Mark(_restarts == 0 ? $"start: {command}" : $"restart {_restarts}: {command}", time.GetUtcNow());
            await using (var process = ProcessRunner.Start(command, log.Write))
            {
                var killed = false;
                Set(new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = started } }, () => (_process, killed) = (process, _killRequested));
                if (killed)
                {
                    await process.KillAsync();
                }
                else if (terminating.IsCancellationRequested)
                {
                    process.Signal(ProcessSignal.Terminate); // started just as termination began: it gets its SIGTERM too
                }

                using var runProbes = CancellationTokenSource.CreateLinkedTokenSource(terminating);
                var probes = probing.StartAsync(() => process.Signal(ProcessSignal.Kill), changed, runProbes.Token);
                var exit = await WaitForExitAsync(process);
                await runProbes.CancelAsync();
                await probes.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                var finished = time.GetUtcNow().UtcDateTime;
                log.Mark($"exited with {exit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "a signal"}", time.GetUtcNow());
                var ended = new V1ContainerState
                {
                    Terminated = new V1ContainerStateTerminated
                    {
                        ExitCode = exit ?? 137,
                        Reason = exit == 0 ? "Completed" : "Error",
                        StartedAt = started,
                        FinishedAt = finished,
                    },
                };
                if (terminating.IsCancellationRequested || restartPolicy == "Never" || (restartPolicy == "OnFailure" && exit == 0))
                {
                    Set(ended, () => (_process, _exited) = (null, true));
                    return;
                }

                backoff = ran.Elapsed >= options.BackoffResetAfter ? options.InitialRestartBackoff : backoff;
                Set(new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff", Message = $"back-off {backoff.TotalSeconds:0.#}s restarting failed container {container.Name}" } },
                    () => (_process, _lastState, _restarts) = (null, ended, _restarts + 1));
            }

            try
            {
                await Task.Delay(backoff, time, terminating);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            backoff = TimeSpan.FromTicks(Math.Min(options.MaxRestartBackoff.Ticks, backoff.Ticks * 2));
        }

        Set(_state, () => _exited = true);
    }

    /// <summary>The exit code, or null when the process died of a signal (CliWrap reports those as cancelled or 128+n).</summary>
    private static async Task<int?> WaitForExitAsync(RunningProcess process)
    {
        try
        {
            var result = await process.WaitAsync(Timeout.InfiniteTimeSpan);
            return result.ExitCode;
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            return null;
        }
    }

    private void Set(V1ContainerState state, Action alsoUnderLock)
    {
        lock (_gate)
        {
            _state = state;
            alsoUnderLock();
        }

        changed();
    }
}
