using LvsOperator.Api;
using LvsOperator.Api.Conditions;
using LvsOperator.Api.Validation;

namespace LvsOperator.Operator.Resolution;

/// <summary>
/// The Resolved condition and the backends behind it, checked in this order: the spec is valid
/// (<see cref="VirtualServiceValidator"/>, InvalidSpec); no older VirtualService holds one of its VIP keys
/// (VipConflict); its Service exists (ServiceNotFound); every named targetPort is a port of some EndpointSlice
/// (PortNotFound); some endpoint is Active or Draining (NoEndpoints). Static <c>spec.backends</c> resolve as in
/// standalone mode. Whenever Resolved is False the backends list is empty: agents program nothing for it, and a half
/// list would only mislead a reader.
/// </summary>
internal static class BackendResolver
{
    public static ResolvedBackends Resolve(VirtualService virtualService, ResolverInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(virtualService);
        ArgumentNullException.ThrowIfNull(inputs);
        var errors = VirtualServiceValidator.Validate(virtualService);
        if (errors.Count > 0)
        {
            return Fail(ConditionReasons.InvalidSpec, string.Join("; ", errors), ConflictOutcome.Alone);
        }

        var conflict = VipConflicts.Resolve(virtualService, inputs.Peers);
        if (!conflict.Serving)
        {
            var held = new List<string>();
            foreach (var claim in conflict.Others)
            {
                held.Add($"{claim.Key} is already claimed by {claim.Other}, which is older and keeps serving it");
            }

            return Fail(ConditionReasons.VipConflict, string.Join("; ", held) + "; this VirtualService is not programmed", conflict);
        }

        var spec = virtualService.Spec;
        if (!spec.HasService)
        {
            var statics = new List<BackendStatus>(StaticBackendResolver.Resolve(spec));
            statics.Sort(BackendOrder.Instance);
            return new ResolvedBackends(statics, Resolved($"{statics.Count} backends from spec.backends"), conflict);
        }

        var service = $"{virtualService.Metadata.NamespaceProperty}/{spec.Service}";
        if (inputs.Service is null)
        {
            return Fail(ConditionReasons.ServiceNotFound, $"Service {service} not found", conflict);
        }

        var endpoints = EndpointResolver.Resolve(spec, inputs.Slices);
        if (endpoints.MissingTargetPorts.Count > 0 && endpoints.AnyServingEndpoint)
        {
            return Fail(ConditionReasons.PortNotFound,
                $"{string.Join("; ", endpoints.MissingTargetPorts)}: no EndpointSlice of Service {service} has a port of that name and protocol",
                conflict);
        }

        if (endpoints.Backends.Count == 0)
        {
            return Fail(ConditionReasons.NoEndpoints,
                $"Service {service} has no ready or terminating-but-serving endpoints ({inputs.Slices.Count} EndpointSlices)", conflict);
        }

        var draining = 0;
        foreach (var backend in endpoints.Backends)
        {
            draining += backend.State == BackendStates.Draining ? 1 : 0;
        }

        var message = $"{endpoints.Backends.Count} backends ({endpoints.Backends.Count - draining} active, {draining} draining) " +
            $"from {inputs.Slices.Count} EndpointSlices of Service {service}";
        if (endpoints.PortsWithoutBackends.Count > 0)
        {
            message += $"; no endpoints for port {string.Join(", ", endpoints.PortsWithoutBackends)}";
        }

        return new ResolvedBackends(endpoints.Backends, Resolved(message), conflict);
    }

    private static ConditionOutcome Resolved(string message) => new(ConditionTypes.Resolved, true, ConditionReasons.Resolved, message);

    private static ResolvedBackends Fail(string reason, string message, ConflictOutcome conflict) =>
        new([], new ConditionOutcome(ConditionTypes.Resolved, false, reason, message), conflict);
}
