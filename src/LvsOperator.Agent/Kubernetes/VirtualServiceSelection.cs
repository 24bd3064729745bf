using LvsOperator.Api;
using LvsOperator.Api.Conditions;
using LvsOperator.Api.Validation;

namespace LvsOperator.Agent.Kubernetes;

/// <summary>
/// Which VirtualServices this node's agent programs. Programmed: selected by <c>spec.nodeSelector</c> (empty: every
/// node), not being deleted, <c>Resolved=True</c> at <c>metadata.generation</c>, and valid — the spec by
/// <see cref="VirtualServiceValidator"/> and every <c>status.backends</c> entry — so a half-valid object is never
/// programmed. A new generation the operator has not resolved yet is <see cref="SelectionKind.Pending"/>: the agent
/// keeps serving the last one it programmed rather than dropping the VIP on every spec edit.
/// </summary>
public static class VirtualServiceSelection
{
    public static Selection Decide(VirtualService service, string nodeName, IDictionary<string, string>? nodeLabels)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (service.Metadata.DeletionTimestamp is not null)
        {
            return Selection.Withdraw("being deleted");
        }

        if (!NodeSelection.Selects(service.Spec?.NodeSelector, nodeLabels))
        {
            return Selection.Withdraw($"spec.nodeSelector does not select node {nodeName}");
        }

        var generation = service.Metadata.Generation;
        var resolved = ConditionList.Find(service.Status?.Conditions, ConditionTypes.Resolved);
        if (resolved is null || resolved.ObservedGeneration != generation)
        {
            return Selection.Pending($"the operator has not resolved generation {generation} yet");
        }

        if (resolved.Status != ConditionList.True)
        {
            return Selection.Withdraw($"Resolved is {resolved.Status} ({resolved.Reason}): {resolved.Message}");
        }

        var problems = VirtualServiceValidator.Validate(service).Select(e => e.ToString()).ToList();
        if (problems.Count == 0)
        {
            problems.AddRange(BackendProblems(service));
        }

        return problems.Count == 0 ? Selection.Program : Selection.Invalid(problems);
    }

    /// <summary>What the operator wrote into status.backends that cannot be programmed (checked as spec.backends are).</summary>
    public static IEnumerable<string> BackendProblems(VirtualService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var names = service.Spec.Ports.Select(p => p?.Name ?? "").ToHashSet(StringComparer.Ordinal);
        var backends = service.Status?.Backends ?? [];
        for (var i = 0; i < backends.Count; i++)
        {
            var path = $"status.backends[{i}]";
            if (backends[i] is not { } backend)
            {
                yield return $"{path}: is null";
                continue;
            }

            if (Ipv4Text.UnicastProblem(backend.Ip) is { } problem)
            {
                yield return $"{path}.ip: {problem}";
            }

            if (backend.Port is < 1 or > 65535)
            {
                yield return $"{path}.port: {backend.Port} is not between 1 and 65535";
            }

            if (backend.Weight is < 0 or > VirtualServiceValidator.MaxWeight)
            {
                yield return $"{path}.weight: {backend.Weight} is not between 0 and {VirtualServiceValidator.MaxWeight}";
            }

            if (backend.State is not (BackendStates.Active or BackendStates.Draining))
            {
                yield return $"{path}.state: '{backend.State}' is not {BackendStates.Active} or {BackendStates.Draining}";
            }

            if (!names.Contains(backend.PortName ?? ""))
            {
                yield return $"{path}.portName: '{backend.PortName}' names no port of spec.ports";
            }
        }
    }
}
