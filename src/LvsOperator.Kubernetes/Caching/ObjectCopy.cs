using k8s;

namespace LvsOperator.Kubernetes.Caching;

/// <summary>Deep copies through the wire format, for editing an object that came out of a cache.</summary>
public static class ObjectCopy
{
    public static T Clone<T>(T obj)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(obj);
        return KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));
    }
}
