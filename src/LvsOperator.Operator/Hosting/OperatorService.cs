using k8s;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Controllers;
using LvsOperator.Kubernetes.LeaderElection;
using LvsOperator.Operator.Controller;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Operator.Hosting;

/// <summary>
/// The operator's life: start the informers (every replica, so a standby is warm), wait until their caches are filled,
/// then campaign for the leader Lease and reconcile only while leading: the controller runner starts in
/// OnStartedLeading with every VirtualService queued, and stops the moment leadership ends (renew deadline passed,
/// Lease taken). A replica whose caches cannot fill (e.g. RBAC forbids a LIST) never campaigns, so it cannot take the
/// lead from a healthy one. On SIGTERM the host cancels this: the runner stops, the elector releases the Lease so a
/// standby takes over on its next retry, the informers stop, and the process exits 0.
/// </summary>
internal sealed partial class OperatorService(
    ClusterState state,
    RequeueRouter router,
    ControllerRunner<string> runner,
    IKubernetes client,
    Leadership leadership,
    OperatorHealth health,
    IOptions<OperatorOptions> options,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers,
    TimeProvider time) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<OperatorService>();

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        health.Stopping();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        router.Start();
        var informers = new List<Task>();
        foreach (var (kind, informer) in state.All)
        {
            var loop = Task.Run(() => informer.RunAsync(stoppingToken), CancellationToken.None);
            health.Watch($"{kind} informer", loop);
            informers.Add(loop);
        }

        try
        {
            foreach (var (_, informer) in state.All)
            {
                await informer.WaitForSyncAsync(stoppingToken);
            }

            LogSynced(_logger, state.VirtualServices.Cache.Count, state.EndpointSlices.Cache.Count, state.Nodes.Cache.Count);
            var work = settings.LeaderElect ? ElectedAsync(settings, stoppingToken) : LeadAsync(stoppingToken);
            health.Watch(settings.LeaderElect ? "leader election" : "controller", work);
            await work;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping before the caches synced.
        }
#pragma warning disable CA1031 // the loops catch what they meet; anything else is a bug: exit 1 so the pod is restarted, never hang
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogCrashed(_logger, e);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
        finally
        {
            await Task.WhenAll(informers);
            router.Dispose();
            LogStopped(_logger);
        }
    }

    private Task ElectedAsync(OperatorOptions settings, CancellationToken stoppingToken)
    {
        var elector = new LeaderElector(
            ResourceClients.Leases(client),
            new LeaderElectionOptions
            {
                LeaseName = OperatorOptions.LeaderLeaseName,
                LeaseNamespace = settings.Namespace,
                Identity = settings.Identity,
                LeaseDuration = settings.LeaseDuration,
                RenewDeadline = settings.RenewDeadline,
                RetryPeriod = settings.RetryPeriod,
            },
            new LeaderElectionCallbacks
            {
                OnStartedLeading = LeadAsync,
                OnNewLeader = holder => leadership.Holder = holder,
            },
            loggers.CreateLogger<LeaderElector>(),
            time);
        return elector.RunAsync(stoppingToken);
    }

    private async Task LeadAsync(CancellationToken leading)
    {
        leadership.Leading = true;
        LogLeading(_logger, options.Value.Identity);
        try
        {
            // A new term looks at everything: events seen while standing by, and whatever the last leader left undone.
            router.RequeueAll();
            await runner.RunAsync(leading);
        }
        finally
        {
            leadership.Leading = false;
            LogNotLeading(_logger, options.Value.Identity);
        }
    }
}
