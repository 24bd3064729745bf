using LvsOperator.Kubernetes.Client;

namespace LvsOperator.Kubernetes.Informers;

public sealed record ResourceInformerOptions
{
    /// <summary>One namespace or all, label and field selectors.</summary>
    public ResourceSelector Selector { get; init; } = ResourceSelector.All;

    /// <summary>LIST page size (limit); the next pages follow the continue token.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Re-delivers every cached object as an update this often; zero (default) turns resync off.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.Zero;

    /// <summary>First reconnect delay after a failed LIST or WATCH; doubles per failure, with jitter.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A WATCH asks the server to end it after this long, stretched at random up to twice (client-go's 5–10 min),
    /// so watches of many clients do not all end at once. The informer then watches again from its last resourceVersion.
    /// </summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
