using LvsOperator.Api;

namespace LvsOperator.Agent.Config;

/// <summary>
/// A VirtualService and the real servers to program for it, whichever source they came from: the static
/// <c>spec.backends</c> of a config file, or the <c>status.backends</c> the operator resolved in the cluster.
/// </summary>
internal sealed record ResolvedVirtualService(VirtualService Service, IReadOnlyList<BackendStatus> Backends)
{
    /// <summary>A config file's document: its static backends, resolved as the operator would.</summary>
    public static ResolvedVirtualService Static(VirtualService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return new(service, StaticBackendResolver.Resolve(service.Spec));
    }

    /// <summary>A cluster object: the operator's status.backends (none yet: no real servers).</summary>
    public static ResolvedVirtualService FromStatus(VirtualService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return new(service, service.Status?.Backends is { } backends ? [.. backends] : []);
    }
}
