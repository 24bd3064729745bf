using k8s.Models;
using LvsOperator.Kubernetes.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Kubernetes;

/// <summary>
/// The agent's heartbeat: Lease <c>lvs-agent-NODE</c> in the agents' namespace, holder the node, renewed every
/// <see cref="HeartbeatOptions.RenewInterval"/>. The operator counts this node's director as live while the Lease is
/// fresh (renewTime + leaseDurationSeconds). Deleted on shutdown, so a stopped agent is not waited for.
/// </summary>
internal sealed partial class AgentHeartbeat(
    ClusterClients clients, ClusterIdentity identity, IOptions<AgentOptions> options, ILogger<AgentHeartbeat> logger, TimeProvider time)
{
    private bool _failing;

    public string LeaseName => LeaseNames.Heartbeat(identity.NodeName);

    /// <summary>Renews until cancelled; never throws for API errors (the next beat tries again).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.Heartbeat.RenewInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            await RenewAsync(cancellationToken);
            try
            {
                await Task.Delay(interval, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One beat: create the Lease, or take and renew it. True when it was written.</summary>
    public async Task<bool> RenewAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            var lease = await clients.Leases.GetAsync(identity.Namespace, LeaseName, cancellationToken);
            if (lease is null)
            {
                await clients.Leases.CreateAsync(Stamp(New(), now, acquired: true), cancellationToken);
            }
            else
            {
                await clients.Leases.ReplaceAsync(Stamp(lease, now, acquired: lease.Spec?.HolderIdentity != identity.NodeName), cancellationToken);
            }

            if (_failing)
            {
                _failing = false;
                LogRecovered(logger, LeaseName);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
#pragma warning disable CA1031 // an API error (down, 409 from a racing write) is retried on the next beat
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (!_failing)
            {
                _failing = true;
                LogFailed(logger, e, identity.Namespace, LeaseName);
            }

            return false;
        }
    }

    /// <summary>Removes the Lease (shutdown); false when it could not be (the operator then sees it go stale).</summary>
    public async Task<bool> DeleteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await clients.Leases.DeleteAsync(identity.Namespace, LeaseName, cancellationToken);
            return true;
        }
#pragma warning disable CA1031 // best effort on the way out
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogDeleteFailed(logger, e, LeaseName);
            return false;
        }
    }

    private V1Lease New() => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta { Name = LeaseName, NamespaceProperty = identity.Namespace },
        Spec = new V1LeaseSpec(),
    };

    private V1Lease Stamp(V1Lease lease, DateTime now, bool acquired)
    {
        lease.Spec ??= new V1LeaseSpec();
        lease.Spec.HolderIdentity = identity.NodeName;
        lease.Spec.LeaseDurationSeconds = (int)Math.Ceiling(options.Value.Heartbeat.Duration.TotalSeconds);
        lease.Spec.RenewTime = now;
        if (acquired || lease.Spec.AcquireTime is null)
        {
            lease.Spec.AcquireTime = now;
        }

        return lease;
    }
}
