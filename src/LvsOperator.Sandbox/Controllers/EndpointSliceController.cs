using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Sandbox.Controllers;

/// <summary>
/// Keeps every selector Service's EndpointSlices equal to what <see cref="EndpointSliceBuilder"/> computes from the
/// current pods: creates and updates first, deletes last (so an endpoint moving between slices is never absent
/// from both), and writes nothing when a slice is already right. Slices of Services that are gone are deleted.
/// </summary>
internal sealed class EndpointSliceController
{
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(10);

    private readonly IKubernetes _client;

    private EndpointSliceController(IKubernetes client) => _client = client;

    public static ControllerLoop Start(IKubernetes client, ILogger logger)
    {
        var controller = new EndpointSliceController(client);
        var managed = $"{EndpointSliceBuilder.ManagedByLabel}={EndpointSliceBuilder.ManagedBy}";
        return ControllerLoop.Start(
            "endpointslices",
            [
                (signal, stop) => ChangeWatch.RunAsync(ct => client.CoreV1.WatchListServiceForAllNamespacesAsync(cancellationToken: ct), signal, stop),
                (signal, stop) => ChangeWatch.RunAsync(ct => client.CoreV1.WatchListPodForAllNamespacesAsync(cancellationToken: ct), signal, stop),
                (signal, stop) => ChangeWatch.RunAsync(ct => client.DiscoveryV1.WatchListEndpointSliceForAllNamespacesAsync(labelSelector: managed, cancellationToken: ct), signal, stop),
            ],
            controller.ReconcileAsync,
            Resync,
            logger);
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var services = (await _client.CoreV1.ListServiceForAllNamespacesAsync(cancellationToken: cancellationToken)).Items;
        var pods = (await _client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: cancellationToken)).Items;
        var existing = (await _client.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync(
            labelSelector: $"{EndpointSliceBuilder.ManagedByLabel}={EndpointSliceBuilder.ManagedBy}", cancellationToken: cancellationToken)).Items.ToList();

        var wanted = services.SelectMany(s => EndpointSliceBuilder.Build(s, pods)).ToList();
        foreach (var slice in wanted)
        {
            var current = existing.Find(e => SameKey(e, slice));
            if (current is null)
            {
                await _client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, slice.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            }
            else if (Content(current) != Content(slice))
            {
                slice.Metadata.ResourceVersion = current.Metadata.ResourceVersion;
                await _client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(slice, slice.Metadata.Name, slice.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            }
        }

        foreach (var stale in existing.Where(e => !wanted.Exists(w => SameKey(e, w))))
        {
            try
            {
                await _client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(stale.Metadata.Name, stale.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // Already gone.
            }
        }
    }

    private static bool SameKey(V1EndpointSlice a, V1EndpointSlice b) =>
        a.Metadata.NamespaceProperty == b.Metadata.NamespaceProperty && a.Metadata.Name == b.Metadata.Name;

    private static string Content(V1EndpointSlice slice) =>
        KubernetesJson.Serialize(new { slice.AddressType, slice.Ports, slice.Endpoints, slice.Metadata.Labels, slice.Metadata.OwnerReferences });
}
