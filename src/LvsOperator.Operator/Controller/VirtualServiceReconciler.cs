using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Controllers;
using LvsOperator.Kubernetes.Events;
using LvsOperator.Kubernetes.Finalizers;
using LvsOperator.Kubernetes.Status;
using LvsOperator.Operator.Resolution;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Operator.Controller;

/// <summary>
/// The I/O around <see cref="StatusPlanner"/> for one VirtualService key: put the finalizer on, write the planned
/// status (from a fresh read on 409, preserving the agents' director entries; nothing when nothing changed), record
/// Events for the flips; and for an object being deleted, let the finalizer go once no live director has an entry
/// left. Reads come from the informers' caches. An API failure becomes an error result naming the verb and resource
/// ("forbidden: update virtualservices/status: …"), retried with backoff; nothing an object holds can stop the worker.
/// </summary>
internal sealed partial class VirtualServiceReconciler(
    ClusterState state,
    AgentHeartbeats agents,
    StatusWriter<VirtualService> status,
    FinalizerWriter<VirtualService> finalizers,
    EventRecorder events,
    IOptions<OperatorOptions> options,
    ILogger<VirtualServiceReconciler> logger,
    TimeProvider time) : IReconciler<string>
{
    private static readonly string Resource = ResourceType.Of<VirtualService>().Resource;

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var cached = state.VirtualServices.Cache.Get(key);
        if (cached is null)
        {
            return ReconcileResult.Success;
        }

        var (verb, resource) = ("patch", Resource);
        try
        {
            if (Finalizer.IsBeingDeleted(cached))
            {
                return await FinalizeAsync(cached, cancellationToken);
            }

            var current = cached;
            if (!Finalizer.Has(current, VirtualServiceApi.Finalizer))
            {
                current = await finalizers.AddAsync(current, VirtualServiceApi.Finalizer, cancellationToken);
                if (current is null || Finalizer.IsBeingDeleted(current))
                {
                    return current is null ? ReconcileResult.Success : await FinalizeAsync(current, cancellationToken);
                }
            }

            (verb, resource) = ("update", Resource + "/status");
            await WriteStatusAsync(key, current, cancellationToken);
            return ReconcileResult.Success;
        }
        catch (Exception e) when (ApiErrors.StatusCode(e) is not null || e is HttpRequestException)
        {
            return ReconcileResult.Error(ApiErrors.Describe(e, verb, resource));
        }
    }

    private async Task WriteStatusAsync(string key, VirtualService current, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<ConditionFlip> flips = [];
        var result = await status.UpdateAsync(
            current,
            fresh =>
            {
                var plan = StatusPlanner.Plan(fresh, state.InputsFor(fresh, agents));
                flips = StatusApplier.Apply(fresh, plan, now);
                return true;
            },
            cancellationToken);
        if (result.Outcome != StatusWriteOutcome.Written || result.Object is not { } written)
        {
            return;
        }

        foreach (var flip in flips)
        {
            LogFlip(logger, key, flip.Now.Type, flip.Now.Status, flip.Now.Reason, flip.Now.Message);
        }

        foreach (var e in ConditionEvents.For(flips))
        {
            await events.RecordAsync(written, e.Type, e.Reason, e.Message, cancellationToken);
        }
    }

    private async Task<ReconcileResult> FinalizeAsync(VirtualService virtualService, CancellationToken cancellationToken)
    {
        if (!Finalizer.Has(virtualService, VirtualServiceApi.Finalizer))
        {
            return ReconcileResult.Success;
        }

        var holding = new List<string>();
        foreach (var entry in virtualService.Status?.Directors ?? [])
        {
            if (entry?.NodeName is { Length: > 0 } node && agents.Of(node).Live)
            {
                holding.Add(node);
            }
        }

        var key = virtualService.Key();
        if (holding.Count > 0)
        {
            // The agents withdraw the VIP and remove their entries; their status writes requeue us, this is the safety net.
            if (logger.IsEnabled(LogLevel.Debug))
            {
                var nodes = string.Join(", ", holding);
                LogWaitingForDirectors(logger, key, nodes);
            }

            return ReconcileResult.RequeueAfter(options.Value.DeletionRecheck);
        }

        await finalizers.RemoveAsync(virtualService, VirtualServiceApi.Finalizer, cancellationToken);
        LogFinalizerRemoved(logger, key);
        await events.NormalAsync(virtualService, ConditionEvents.FinalizerRemoved,
            "no live director has an entry left: the VIP is withdrawn everywhere", cancellationToken);
        return ReconcileResult.Success;
    }
}
