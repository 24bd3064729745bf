using LvsOperator.Api;
using LvsOperator.Kubernetes.Caching;
using LvsOperator.Operator.Resolution;

namespace LvsOperator.Operator.Controller;

/// <summary>
/// The VirtualService cache's secondary indexes: they turn "this Service's slices changed", "this VIP key is
/// claimed" and "this node's agent is gone" into the few VirtualServices concerned, without a scan.
/// </summary>
internal static class VirtualServiceIndexes
{
    /// <summary>"namespace/service" of <c>spec.service</c> (the key the EndpointSlice index files slices under).</summary>
    public const string ByService = "service";

    /// <summary>Each "vip:port/protocol" of the spec, valid or not; conflicts are decided on the claimants among them.</summary>
    public const string ByVipKey = "vip";

    /// <summary>The node of each <c>status.directors</c> entry.</summary>
    public const string ByDirector = "director";

    public static void AddTo(ResourceCache<VirtualService> cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        cache.AddIndex(ByService, Service);
        cache.AddIndex(ByVipKey, VipKeys);
        cache.AddIndex(ByDirector, Directors);
    }

    public static IEnumerable<string> Service(VirtualService virtualService) =>
        virtualService.Spec is { HasService: true } spec ? [ObjectKeys.Of(virtualService.Metadata.NamespaceProperty, spec.Service!)] : [];

    public static IEnumerable<string> VipKeys(VirtualService virtualService)
    {
        foreach (var key in VipKey.Of(virtualService.Spec))
        {
            yield return key.ToString();
        }
    }

    public static IEnumerable<string> Directors(VirtualService virtualService)
    {
        foreach (var entry in virtualService.Status?.Directors ?? [])
        {
            if (entry?.NodeName is { Length: > 0 } node)
            {
                yield return node;
            }
        }
    }
}
