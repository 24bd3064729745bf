using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Informers;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Kubernetes;

/// <summary>
/// What the agent watches: every VirtualService, the Nodes (this node's labels for nodeSelector, every node's
/// InternalIP for the return path) and the Leases of the agents' namespace (who holds which VIP). <see cref="Changed"/>
/// fires for changes that can alter what this agent programs — not for the renewals that keep Leases (every 250 ms)
/// and Nodes busy.
/// </summary>
internal sealed class ClusterView
{
    private readonly ClusterIdentity _identity;
    private readonly IResourceInformer[] _informers;

    public ClusterView(ClusterClients clients, ClusterIdentity identity, ILoggerFactory loggers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(loggers);
        _identity = identity;
        VirtualServices = new ResourceInformer<VirtualService>(clients.VirtualServices, new ResourceInformerOptions(),
            loggers.CreateLogger<ResourceInformer<VirtualService>>(), time);
        Nodes = new ResourceInformer<V1Node>(clients.Nodes, new ResourceInformerOptions(), loggers.CreateLogger<ResourceInformer<V1Node>>(), time);
        Leases = new ResourceInformer<V1Lease>(clients.Leases, new ResourceInformerOptions { Selector = new ResourceSelector(identity.Namespace) },
            loggers.CreateLogger<ResourceInformer<V1Lease>>(), time);
        _informers = [VirtualServices, Nodes, Leases];
        VirtualServices.AddHandler(e =>
        {
            if (!e.IsResync)
            {
                Notify();
            }
        });
        Nodes.AddHandler(e =>
        {
            if (e.Type != ResourceEventType.Updated || Matters(e.Old, e.Object))
            {
                Notify();
            }
        });
        Leases.AddHandler(e =>
        {
            if (LeaseNames.TryParseVip(e.Object.Metadata.Name, out _)
                && (e.Type != ResourceEventType.Updated || e.Old?.Spec?.HolderIdentity != e.Object.Spec?.HolderIdentity))
            {
                Notify();
            }
        });
    }

    /// <summary>Raised on the informers' threads; keep handlers short (signal a reconcile).</summary>
    public event Action? Changed;

    public ResourceInformer<VirtualService> VirtualServices { get; }

    public ResourceInformer<V1Node> Nodes { get; }

    public ResourceInformer<V1Lease> Leases { get; }

    public bool HasSynced => _informers.All(i => i.HasSynced);

    /// <summary>This node's labels; null while its Node object is unknown (then only an empty nodeSelector selects it).</summary>
    public IDictionary<string, string>? NodeLabels => Nodes.Cache.Get(_identity.NodeName) is { } node
        ? node.Metadata.Labels ?? new Dictionary<string, string>()
        : null;

    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(_informers.Select(i => i.RunAsync(cancellationToken)));

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.WhenAll(_informers.Select(i => i.WaitForSyncAsync(cancellationToken)));

    /// <summary>The node whose agent holds the VIP's Lease, or null when nobody does.</summary>
    public string? VipHolder(uint vip) =>
        Leases.Cache.Get(_identity.Namespace, LeaseNames.Vip(vip))?.Spec?.HolderIdentity is { Length: > 0 } holder ? holder : null;

    /// <summary>A node's InternalIP (its first IPv4 one), where the return path sends the replies of VIPs it holds.</summary>
    public uint? InternalAddress(string nodeName) => InternalAddress(Nodes.Cache.Get(nodeName));

    private static uint? InternalAddress(V1Node? node)
    {
        foreach (var address in node?.Status?.Addresses ?? [])
        {
            if (address.Type == "InternalIP" && Ipv4Format.TryParse(address.Address, out var ip))
            {
                return ip;
            }
        }

        return null;
    }

    private bool Matters(V1Node? old, V1Node node) =>
        InternalAddress(old) != InternalAddress(node)
        || (node.Metadata.Name == _identity.NodeName && !SameLabels(old?.Metadata.Labels, node.Metadata.Labels));

    private static bool SameLabels(IDictionary<string, string>? a, IDictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(p => b!.TryGetValue(p.Key, out var v) && v == p.Value));

    private void Notify() => Changed?.Invoke();
}
