using System.Text.RegularExpressions;

namespace LvsOperator.Api.Validation;

/// <summary>
/// The checks the operator and the standalone agent make before programming anything. The CRD schema rejects most of
/// these at <c>kubectl apply</c> time; this is the authority for what the schema can't see (address semantics,
/// uniqueness, cross-field rules) and for standalone config files, which never pass an apiserver.
/// </summary>
public static partial class VirtualServiceValidator
{
    public const int MaxPersistenceTimeoutSeconds = 31_536_000;
    public const int MaxWeight = 65_535;

    /// <summary>An RFC 1123 label, as Kubernetes requires of Service and port names.</summary>
    public const string DnsLabelPattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /// <summary>Port names are IANA service names: at most 15 characters, as for a Kubernetes Service.</summary>
    public const int MaxPortNameLength = 15;

    public static IReadOnlyList<ValidationError> Validate(VirtualService virtualService)
    {
        ArgumentNullException.ThrowIfNull(virtualService);
        var errors = new List<ValidationError>();
        if (string.IsNullOrEmpty(virtualService.Metadata?.Name))
        {
            errors.Add(new("metadata.name", "is required"));
        }

        var spec = virtualService.Spec;
        if (spec is null)
        {
            errors.Add(new("spec", "is required"));
            return errors;
        }

        if (Ipv4Text.UnicastProblem(spec.Vip) is { } vipProblem)
        {
            errors.Add(new("spec.vip", vipProblem));
        }

        ValidatePorts(spec, errors);
        ValidateSource(spec, errors);

        if (!SchedulerNames.All.Contains(spec.EffectiveScheduler))
        {
            errors.Add(new("spec.scheduler", $"unsupported scheduler '{spec.Scheduler}': use one of {string.Join(", ", SchedulerNames.All)}"));
        }

        if (spec.Persistence is { } persistence)
        {
            if (persistence.TimeoutSeconds is < 0 or > MaxPersistenceTimeoutSeconds)
            {
                errors.Add(new("spec.persistence.timeoutSeconds", $"must be between 0 and {MaxPersistenceTimeoutSeconds}"));
            }

            if (persistence.Netmask is not null && !Ipv4Text.IsContiguousNetmask(persistence.Netmask))
            {
                errors.Add(new("spec.persistence.netmask", $"'{persistence.Netmask}' is not a contiguous IPv4 netmask"));
            }
        }

        return errors;
    }

    private static void ValidatePorts(VirtualServiceSpec spec, List<ValidationError> errors)
    {
        if (spec.Ports is null || spec.Ports.Count == 0)
        {
            errors.Add(new("spec.ports", "at least one port is required"));
            return;
        }

        var seenPorts = new HashSet<(string, int)>();
        var seenNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Ports.Count; i++)
        {
            var port = spec.Ports[i];
            var path = $"spec.ports[{i}]";
            if (port is null)
            {
                errors.Add(new(path, "is null; expected a port")); // YAML "- ~" or "- " deserializes to null
                continue;
            }

            if (port.Port is < 1 or > 65535)
            {
                errors.Add(new($"{path}.port", $"{port.Port} is not between 1 and 65535"));
            }

            if (port.EffectiveProtocol is not ("TCP" or "UDP"))
            {
                errors.Add(new($"{path}.protocol", $"unsupported protocol '{port.Protocol}': use TCP or UDP"));
            }

            if (!seenPorts.Add((port.EffectiveProtocol, port.Port)))
            {
                errors.Add(new($"{path}", $"duplicate {port.EffectiveProtocol} port {port.Port}"));
            }

            if (string.IsNullOrEmpty(port.Name))
            {
                if (spec.Ports.Count > 1)
                {
                    errors.Add(new($"{path}.name", "is required when there is more than one port"));
                }
            }
            else if (!DnsLabel().IsMatch(port.Name) || port.Name.Length > MaxPortNameLength)
            {
                errors.Add(new($"{path}.name", $"'{port.Name}' must be a lowercase DNS label of at most {MaxPortNameLength} characters"));
            }
            else if (!seenNames.Add(port.Name))
            {
                errors.Add(new($"{path}.name", $"duplicate port name '{port.Name}'"));
            }

            ValidateTargetPort(port, $"{path}.targetPort", spec.HasService, errors);
        }
    }

    private static void ValidateTargetPort(VirtualServicePort port, string path, bool hasService, List<ValidationError> errors)
    {
        if (port.TargetPort?.Value is not { } value)
        {
            return;
        }

        if (port.NumericTargetPort is { } number)
        {
            if (number is < 1 or > 65535)
            {
                errors.Add(new(path, $"{number} is not between 1 and 65535"));
            }
        }
        else if (!hasService)
        {
            errors.Add(new(path, $"named port '{value}' needs spec.service: static backends have no port names"));
        }
        else if (!DnsLabel().IsMatch(value))
        {
            errors.Add(new(path, $"'{value}' is neither a port number nor a port name"));
        }
    }

    private static void ValidateSource(VirtualServiceSpec spec, List<ValidationError> errors)
    {
        var hasService = spec.HasService;
        var hasBackends = spec.Backends is { Count: > 0 };
        if (hasService == hasBackends)
        {
            errors.Add(new("spec", "exactly one of spec.service or spec.backends must be set"));
        }

        if (hasService && !DnsLabel().IsMatch(spec.Service!))
        {
            errors.Add(new("spec.service", $"'{spec.Service}' is not a valid Service name"));
        }

        if (!hasBackends)
        {
            return;
        }

        var seen = new HashSet<(string, int?)>();
        for (var i = 0; i < spec.Backends!.Count; i++)
        {
            var backend = spec.Backends[i];
            var path = $"spec.backends[{i}]";
            if (backend is null)
            {
                errors.Add(new(path, "is null; expected a backend"));
                continue;
            }

            if (Ipv4Text.UnicastProblem(backend.Ip) is { } problem)
            {
                errors.Add(new($"{path}.ip", problem));
            }

            if (backend.Port is { } port && port is < 1 or > 65535)
            {
                errors.Add(new($"{path}.port", $"{port} is not between 1 and 65535"));
            }

            if (backend.Port is not null && spec.Ports?.Count > 1)
            {
                errors.Add(new($"{path}.port", "a backend port is only allowed with a single service port; use ports[].targetPort"));
            }

            if (backend.Weight is { } weight && weight is < 0 or > MaxWeight)
            {
                errors.Add(new($"{path}.weight", $"{weight} is not between 0 and {MaxWeight}"));
            }

            if (!seen.Add((backend.Ip, backend.Port)))
            {
                errors.Add(new(path, $"duplicate backend {backend.Ip}{(backend.Port is { } p ? ":" + p : "")}"));
            }
        }
    }

    [GeneratedRegex(DnsLabelPattern)]
    private static partial Regex DnsLabel();
}
