namespace LvsOperator.Kubernetes.Informers;

/// <summary>One change an informer delivers, after its cache already shows it. <see cref="Old"/> is set for updates only.</summary>
public readonly record struct ResourceEvent<T>(ResourceEventType Type, T Object, T? Old)
    where T : class
{
    /// <summary>A periodic resync's re-delivery rather than a change: the same version as before.</summary>
    public bool IsResync => Type == ResourceEventType.Updated && ReferenceEquals(Object, Old);
}
