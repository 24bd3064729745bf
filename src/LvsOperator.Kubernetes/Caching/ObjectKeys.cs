using k8s;
using k8s.Models;

namespace LvsOperator.Kubernetes.Caching;

/// <summary>
/// Cache and work-queue keys as client-go's MetaNamespaceKeyFunc makes them: "namespace/name" for namespaced objects,
/// "name" for cluster-scoped ones (Node).
/// </summary>
public static class ObjectKeys
{
    public static string Of(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return Of(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name ?? throw new ArgumentException("object has no metadata.name"));
    }

    public static string Of(string? namespaceName, string name) =>
        string.IsNullOrEmpty(namespaceName) ? name : $"{namespaceName}/{name}";

    /// <summary>Splits a key back into its namespace (null for cluster-scoped) and name.</summary>
    public static (string? Namespace, string Name) Split(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
    }
}
