using k8s;
using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Kubernetes.Caching;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Informers;
using LvsOperator.Operator.Resolution;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Operator.Controller;

/// <summary>
/// The operator's view of the cluster: an informer per kind it reads — VirtualServices, EndpointSlices (those
/// labelled <c>kubernetes.io/service-name</c>) and Services in every namespace, Nodes, and the Leases of the agents'
/// namespace — with the indexes the controller looks things up by. Standby replicas run them too, so a new leader
/// starts from warm caches.
/// </summary>
internal sealed class ClusterState
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <summary>EndpointSlices by "namespace/service-name", the same key as <see cref="VirtualServiceIndexes.ByService"/>.</summary>
    public const string SlicesByService = "service";

    public ClusterState(IKubernetes client, IOptions<OperatorOptions> options, ILoggerFactory loggers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var settings = options.Value;
        VirtualServices = new(ResourceClients.VirtualServices(client), new ResourceInformerOptions { ResyncPeriod = settings.ResyncPeriod },
            loggers.CreateLogger<ResourceInformer<VirtualService>>(), time);
        EndpointSlices = new(ResourceClients.EndpointSlices(client), new ResourceInformerOptions { Selector = new ResourceSelector(LabelSelector: ServiceNameLabel) },
            loggers.CreateLogger<ResourceInformer<V1EndpointSlice>>(), time);
        Services = new(ResourceClients.Services(client), new ResourceInformerOptions(), loggers.CreateLogger<ResourceInformer<V1Service>>(), time);
        Nodes = new(ResourceClients.Nodes(client), new ResourceInformerOptions(), loggers.CreateLogger<ResourceInformer<V1Node>>(), time);
        Leases = new(ResourceClients.Leases(client), new ResourceInformerOptions { Selector = new ResourceSelector(Namespace: settings.Namespace) },
            loggers.CreateLogger<ResourceInformer<V1Lease>>(), time);
        VirtualServiceIndexes.AddTo(VirtualServices.Cache);
        EndpointSlices.Cache.AddIndex(SlicesByService, CacheIndexes.ByLabel(ServiceNameLabel));
        All =
        [
            new("VirtualService", VirtualServices),
            new("EndpointSlice", EndpointSlices),
            new("Service", Services),
            new("Node", Nodes),
            new("Lease", Leases),
        ];
    }

    public ResourceInformer<VirtualService> VirtualServices { get; }

    public ResourceInformer<V1EndpointSlice> EndpointSlices { get; }

    public ResourceInformer<V1Service> Services { get; }

    public ResourceInformer<V1Node> Nodes { get; }

    public ResourceInformer<V1Lease> Leases { get; }

    public IReadOnlyList<KindInformer> All { get; }

    /// <summary>What the status of <paramref name="virtualService"/> depends on besides itself, from the caches.</summary>
    public ResolverInputs InputsFor(VirtualService virtualService, IAgentLiveness agents)
    {
        ArgumentNullException.ThrowIfNull(virtualService);
        var ns = virtualService.Metadata.NamespaceProperty;
        var spec = virtualService.Spec;
        V1Service? service = null;
        IReadOnlyList<V1EndpointSlice> slices = [];
        if (spec.HasService)
        {
            service = Services.Cache.Get(ns, spec.Service!);
            slices = EndpointSlices.Cache.ByIndex(SlicesByService, ObjectKeys.Of(ns, spec.Service!));
        }

        var peers = ConflictComponent.Of(VirtualServices.Cache, VipKey.Of(spec));
        return new ResolverInputs(service, slices, peers, Nodes.Cache.List(), agents);
    }
}
