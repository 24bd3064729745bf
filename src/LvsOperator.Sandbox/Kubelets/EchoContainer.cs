using k8s.Models;
using LvsOperator.Sandbox.Workloads.Echo;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// The echo image: <see cref="EchoServer"/> in-process, its sockets in the pod's namespace. It behaves like an app
/// that ignores SIGTERM: during the grace period it keeps serving (open connections continue, new ones are still
/// accepted — it is the directors' job to send it none), and it stops when the grace period ends.
/// </summary>
internal sealed class EchoContainer(V1Container container, string podName, string networkNamespace, TimeProvider time, Action changed) : IPodContainer
{
    private EchoServer? _server;
    private DateTime? _started;
    private DateTime? _finished;

    public string Name => container.Name;

    public bool IsReady => _server is not null && _finished is null;

    public bool HasExited => _finished is not null;

    public V1ContainerStatus Status => new()
    {
        Name = container.Name,
        Image = container.Image,
        ImageID = $"sandbox://{ImageCatalog.EchoImage}",
        ContainerID = $"sandbox://{networkNamespace}/{container.Name}",
        Ready = IsReady,
        Started = _server is not null && _finished is null,
        RestartCount = 0,
        State = _finished is { } finished
            ? new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0, Reason = "Completed", StartedAt = _started, FinishedAt = finished } }
            : _started is { } started
                ? new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = started } }
                : new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } },
    };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _server = EchoServer.Start(podName, networkNamespace);
        _started = Now();
        changed();
        return Task.CompletedTask;
    }

    public void BeginTermination()
    {
        // Ignores SIGTERM: serves until the grace period ends.
    }

    public async Task StopAsync()
    {
        if (_server is { } server && _finished is null)
        {
            await server.DisposeAsync();
            _finished = Now();
            changed();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
