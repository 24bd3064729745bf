namespace LvsOperator.Kubernetes.Controllers;

/// <summary>
/// Makes the world match one object's desired state. Called for a key, never for two keys at once per key; reads
/// current state from informer caches, so it must be idempotent: it may run for a key whose object is gone.
/// </summary>
public interface IReconciler<TKey>
    where TKey : notnull
{
    Task<ReconcileResult> ReconcileAsync(TKey key, CancellationToken cancellationToken);
}
