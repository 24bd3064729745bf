namespace LvsOperator.Kubernetes.Informers;

public enum ResourceEventType
{
    Added,

    /// <summary>A newer version; also the periodic resync, which re-delivers every cached object with Old == Object.</summary>
    Updated,

    /// <summary>Gone: Object is its last known state (from the DELETED event, or the cache when found missing on a relist).</summary>
    Deleted,
}
