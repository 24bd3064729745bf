using LvsOperator.Api;

namespace LvsOperator.Operator.Resolution;

/// <summary>
/// What a Service's EndpointSlices give a VirtualService: the backends in <see cref="BackendOrder"/>, the ports whose
/// named targetPort no slice has, whether any slice has an endpoint that could serve at all, and the ports left with
/// no backend.
/// </summary>
internal sealed record EndpointResolution(
    IReadOnlyList<BackendStatus> Backends,
    IReadOnlyList<string> MissingTargetPorts,
    bool AnyServingEndpoint,
    IReadOnlyList<string> PortsWithoutBackends);
