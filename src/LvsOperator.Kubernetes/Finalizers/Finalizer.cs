using k8s;
using k8s.Models;

namespace LvsOperator.Kubernetes.Finalizers;

/// <summary>Reads of an object's finalizer state.</summary>
public static class Finalizer
{
    public static bool Has(IKubernetesObject<V1ObjectMeta> obj, string finalizer)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Metadata?.Finalizers?.Contains(finalizer) == true;
    }

    /// <summary>True once deletion was requested (deletionTimestamp set) and the object waits for its finalizers.</summary>
    public static bool IsBeingDeleted(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Metadata?.DeletionTimestamp is not null;
    }
}
