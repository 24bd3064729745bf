using k8s;
using k8s.Models;

namespace LvsOperator.Kubernetes.Caching;

/// <summary>Index functions most controllers need; controller-specific ones (VirtualServices by spec.service) live with them.</summary>
public static class CacheIndexes
{
    /// <summary>Objects by their namespace.</summary>
    public static IEnumerable<string> ByNamespace(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Metadata?.NamespaceProperty is { Length: > 0 } ns ? [ns] : [];
    }

    /// <summary>
    /// Objects by "namespace/value" of one label, e.g. <c>ByLabel("kubernetes.io/service-name")</c> files
    /// EndpointSlices under "default/echo"; objects without the label are not filed.
    /// </summary>
    public static Func<IKubernetesObject<V1ObjectMeta>, IEnumerable<string>> ByLabel(string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        return obj => obj.Metadata?.Labels is { } labels && labels.TryGetValue(label, out var value)
            ? [ObjectKeys.Of(obj.Metadata.NamespaceProperty, value)]
            : [];
    }
}
