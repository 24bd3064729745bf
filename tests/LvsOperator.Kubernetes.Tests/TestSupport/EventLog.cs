using LvsOperator.Kubernetes.Informers;

namespace LvsOperator.Kubernetes.Tests.TestSupport;

/// <summary>The events an informer handler saw, as "Type name" lines, thread-safe.</summary>
public sealed class EventLog<T>
    where T : class, k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>
{
    private readonly Lock _lock = new();
    private readonly List<ResourceEvent<T>> _events = [];

    public void Add(ResourceEvent<T> e)
    {
        lock (_lock)
        {
            _events.Add(e);
        }
    }

    public IReadOnlyList<ResourceEvent<T>> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<string> Lines => [.. Events.Select(e => $"{e.Type} {e.Object.Metadata.Name}")];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _events.Count;
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _events.Clear();
        }
    }
}
