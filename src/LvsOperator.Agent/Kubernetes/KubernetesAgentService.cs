using System.Threading.Channels;
using LvsOperator.Agent.Config;
using LvsOperator.Agent.Dataplane;
using LvsOperator.Agent.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Kubernetes;

/// <summary>
/// The agent's lifetime in Kubernetes mode: start the data plane, watch the cluster, beat the heartbeat, and
/// reconcile (<see cref="ClusterReconciler"/>) after every relevant change, a short debounce after it. A won or lost
/// VIP reaches the forwarder at once, without waiting for a reconcile. On shutdown (SIGTERM): stop acting for every
/// VIP and release its Lease, remove this node's status entries, the heartbeat and the return path, then stop the
/// forwarder and remove the guard — within the host's shutdown timeout. Nothing the cluster holds ends this service.
/// </summary>
internal sealed partial class KubernetesAgentService(
    IDataplane dataplane,
    ConfigApplier applier,
    AgentState state,
    ClusterClients clients,
    ClusterIdentity identity,
    VipElections elections,
    ClusterReconciler reconciler,
    AgentHeartbeat heartbeat,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    /// <summary>A failed part of a reconcile (a status write, the return path) is tried again after this long.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly ILogger _logger = loggers.CreateLogger<KubernetesAgentService>();
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private ClusterView? _view;
    private CancellationToken _stopping;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _view = new ClusterView(clients, identity, loggers, time);
        state.ClusterSyncing();
        await dataplane.StartAsync(cancellationToken);
        LogStarted(_logger, identity.NodeName, identity.Namespace);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        LogStopping(_logger);
        await ShutdownAsync(cancellationToken);
        await dataplane.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        var view = _view!;
        view.Changed += Signal;
        elections.OwnershipChanged += OnOwnershipChanged;
        var informers = view.RunAsync(stoppingToken);
        var beating = heartbeat.RunAsync(stoppingToken);
        var guardRetries = RetryGuardAsync(stoppingToken);
        try
        {
            await view.WaitForSyncAsync(stoppingToken);
            state.ClusterSynced();
            LogSynced(_logger, view.VirtualServices.Cache.Count, view.Nodes.Cache.Count);
            Signal();
            while (await _signals.Reader.WaitToReadAsync(stoppingToken))
            {
                await DebounceAsync(stoppingToken);
                await ReconcileAsync(view, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            view.Changed -= Signal;
            await Task.WhenAll(informers, beating, guardRetries).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task ReconcileAsync(ClusterView view, CancellationToken stoppingToken)
    {
        bool done;
        try
        {
            done = await reconciler.ReconcileAsync(view, stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // A bug or a data plane that stopped, not the cluster's content: log it and try again; forwarding goes on.
            LogReconcileFailed(_logger, e);
            done = false;
        }

        if (!done)
        {
            _ = RetryLaterAsync(stoppingToken);
        }
    }

    private async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        // Stop acting first (elector tokens cancelled, forwarder told), then let go of the Leases.
        await elections.StopAllAsync();
        await applier.PushOwnershipAsync();
        try
        {
            await reconciler.WithdrawAsync(_view, cancellationToken);
            await heartbeat.DeleteAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogShutdownCut(_logger);
        }
    }

    private void OnOwnershipChanged(uint vip, bool holds) => _ = OwnershipChangedAsync();

    private async Task OwnershipChangedAsync()
    {
        try
        {
            await applier.OwnershipChangedAsync(_stopping);
        }
        catch (OperationCanceledException)
        {
        }
#pragma warning disable CA1031 // the next reconcile fits the guard again; nothing here may stop the host
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogReconcileFailed(_logger, e);
        }

        Signal(); // the status entries' holdsVip and the events
    }

    private void Signal() => _signals.Writer.TryWrite(true);

    private async Task DebounceAsync(CancellationToken cancellationToken)
    {
        _signals.Reader.TryRead(out _);
        do
        {
            await Task.Delay(options.Value.ApplyDebounce, time, cancellationToken);
        }
        while (_signals.Reader.TryRead(out _));
    }

    private async Task RetryLaterAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(RetryDelay, time, cancellationToken);
            Signal();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RetryGuardAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var timer = new PeriodicTimer(options.Value.ReloadPollInterval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await applier.RetryGuardAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
