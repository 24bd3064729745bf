namespace LvsOperator.Api;

/// <summary>
/// Turns <c>spec.backends</c> into the per-port real server list that agents program, the same shape the operator
/// writes into <c>status.backends</c> from EndpointSlices. Call on a validated spec.
/// </summary>
public static class StaticBackendResolver
{
    public static IReadOnlyList<BackendStatus> Resolve(VirtualServiceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var result = new List<BackendStatus>();
        if (spec.Backends is null)
        {
            return result;
        }

        foreach (var port in spec.Ports)
        {
            var defaultPort = port.NumericTargetPort ?? port.Port;
            foreach (var backend in spec.Backends)
            {
                var weight = backend.Weight ?? 1;
                result.Add(new BackendStatus
                {
                    Ip = backend.Ip,
                    Port = backend.Port ?? defaultPort,
                    PortName = port.Name,
                    Weight = weight,
                    State = weight == 0 ? BackendStates.Draining : BackendStates.Active,
                });
            }
        }

        return result;
    }
}
