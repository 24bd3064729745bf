using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Kubernetes.Caching;
using LvsOperator.Kubernetes.Informers;
using LvsOperator.Kubernetes.Queues;
using LvsOperator.Operator.Resolution;

namespace LvsOperator.Operator.Controller;

/// <summary>
/// Turns informer events into work-queue keys (namespace/name of VirtualServices), only for the VirtualServices a
/// change can affect:
/// <list type="bullet">
/// <item>a VirtualService: itself; and when its claim changes (created, deleted, valid or not, being deleted, its
/// VIP keys), every VirtualService in the conflict component of its old and new keys;</item>
/// <item>an EndpointSlice or a Service: the VirtualServices that name that Service (an index lookup);</item>
/// <item>a Node added, deleted or relabelled, or an agent's heartbeat turning live, lapsed or gone: the VirtualServices
/// whose nodeSelector selects that node, plus those with a director entry for it. Selectors cannot be indexed, so
/// this scans the VirtualService cache — a few microseconds per object, only on those transitions (not on the
/// agents' renewals every 2 s, and not on Node status updates that leave the labels alone).</item>
/// </list>
/// Handlers run on the informers' delivery loops and only read caches and add keys.
/// </summary>
internal sealed class RequeueRouter(ClusterState state, WorkQueue<string> queue, AgentHeartbeats heartbeats) : IDisposable
{
    private readonly List<IDisposable> _registrations = [];

    public void Start()
    {
        _registrations.Add(state.VirtualServices.AddHandler(OnVirtualService));
        _registrations.Add(state.EndpointSlices.AddHandler(OnEndpointSlice));
        _registrations.Add(state.Services.AddHandler(OnService));
        _registrations.Add(state.Nodes.AddHandler(OnNode));
        _registrations.Add(state.Leases.AddHandler(OnLease));
        heartbeats.Changed += OnAgentChanged;
    }

    /// <summary>Every VirtualService, as a new leader must look at all of them.</summary>
    public void RequeueAll()
    {
        foreach (var key in state.VirtualServices.Cache.Keys())
        {
            queue.Add(key);
        }
    }

    public void Dispose()
    {
        heartbeats.Changed -= OnAgentChanged;
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _registrations.Clear();
    }

    private void OnVirtualService(ResourceEvent<VirtualService> e)
    {
        queue.Add(ObjectKeys.Of(e.Object));
        if (e.IsResync || (e.Old is { } old && SameClaim(old, e.Object)))
        {
            return;
        }

        var keys = VipKey.Of(e.Object.Spec);
        if (e.Old is not null)
        {
            keys.AddRange(VipKey.Of(e.Old.Spec));
        }

        foreach (var member in ConflictComponent.Of(state.VirtualServices.Cache, keys))
        {
            queue.Add(ObjectKeys.Of(member));
        }
    }

    private void OnEndpointSlice(ResourceEvent<V1EndpointSlice> e)
    {
        RequeueServiceOf(e.Object);
        if (e.Old is { } old && ServiceOf(old) != ServiceOf(e.Object))
        {
            RequeueServiceOf(old);
        }
    }

    private static string? ServiceOf(V1EndpointSlice slice) =>
        slice.Metadata?.Labels is { } labels && labels.TryGetValue(ClusterState.ServiceNameLabel, out var service) ? service : null;

    private void RequeueServiceOf(V1EndpointSlice slice)
    {
        if (ServiceOf(slice) is { Length: > 0 } service)
        {
            RequeueService(ObjectKeys.Of(slice.Metadata.NamespaceProperty, service));
        }
    }

    private void OnService(ResourceEvent<V1Service> e) => RequeueService(ObjectKeys.Of(e.Object));

    private void RequeueService(string serviceKey)
    {
        foreach (var key in state.VirtualServices.Cache.KeysByIndex(VirtualServiceIndexes.ByService, serviceKey))
        {
            queue.Add(key);
        }
    }

    private void OnNode(ResourceEvent<V1Node> e)
    {
        if (e.Old is { } old && SameLabels(old.Metadata?.Labels, e.Object.Metadata?.Labels))
        {
            return;
        }

        var node = e.Object.Metadata?.Name ?? "";
        RequeueNode(node, e.Object.Metadata?.Labels ?? new Dictionary<string, string>());
        if (e.Old is not null)
        {
            RequeueNode(node, e.Old.Metadata?.Labels ?? new Dictionary<string, string>());
        }
    }

    private void OnLease(ResourceEvent<V1Lease> e)
    {
        if (e.Type == ResourceEventType.Deleted)
        {
            heartbeats.Forget(e.Object);
        }
        else
        {
            heartbeats.Observe(e.Object);
        }
    }

    private void OnAgentChanged(string? node)
    {
        if (node is null)
        {
            // Every agent never seen became gone: any director entry may now be stale.
            RequeueAll();
            return;
        }

        var known = state.Nodes.Cache.Get(node);
        RequeueNode(node, known is null ? null : known.Metadata?.Labels ?? new Dictionary<string, string>());
    }

    // The VirtualServices that select a node with these labels (none when null: no such Node) or carry an entry for it.
    private void RequeueNode(string node, IDictionary<string, string>? labels)
    {
        if (labels is not null)
        {
            foreach (var virtualService in state.VirtualServices.Cache.List())
            {
                if (NodeSelection.Selects(virtualService.Spec?.NodeSelector, labels))
                {
                    queue.Add(ObjectKeys.Of(virtualService));
                }
            }
        }

        foreach (var key in state.VirtualServices.Cache.KeysByIndex(VirtualServiceIndexes.ByDirector, node))
        {
            queue.Add(key);
        }
    }

    private static bool SameClaim(VirtualService a, VirtualService b)
    {
        if (VipConflicts.Claims(a) != VipConflicts.Claims(b))
        {
            return false;
        }

        var keysA = VipKey.Of(a.Spec);
        var keysB = VipKey.Of(b.Spec);
        return keysA.Count == keysB.Count && keysA.SequenceEqual(keysB);
    }

    private static bool SameLabels(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        foreach (var (key, value) in a ?? new Dictionary<string, string>())
        {
            if (b is null || !b.TryGetValue(key, out var other) || other != value)
            {
                return false;
            }
        }

        return true;
    }
}
