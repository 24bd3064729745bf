using System.Globalization;
using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Api.Validation;

namespace LvsOperator.Operator.Resolution;

/// <summary>
/// A Service's EndpointSlices → the real servers of each VirtualService port. The target port is the port's
/// targetPort as a number; or, by name, the port of that name and protocol in each slice (slices of one Service may
/// number a name differently, so it is looked up per slice); or, unset, the port itself. Endpoints: ready (or ready
/// unknown, which the API says to read as ready) → Active, weight 1; terminating but still serving → Draining, weight 0
/// (open connections continue, no new ones); anything else is left out. Only IPv4 slices count, and of an endpoint's
/// addresses the first (the API's rule: they are fungible). An address+port in several slices is one backend, Active
/// if any slice says so.
/// </summary>
internal static class EndpointResolver
{
    public const string IPv4 = "IPv4";

    public static EndpointResolution Resolve(VirtualServiceSpec spec, IReadOnlyList<V1EndpointSlice> slices)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(slices);
        var usable = new List<V1EndpointSlice>();
        var anyServing = false;
        foreach (var slice in slices)
        {
            if (slice?.AddressType != IPv4)
            {
                continue;
            }

            usable.Add(slice);
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                anyServing |= StateOf(endpoint) is not null && AddressOf(endpoint) is not null;
            }
        }

        var backends = new Dictionary<(string?, string, int), BackendStatus>();
        var missing = new List<string>();
        var empty = new List<string>();
        foreach (var port in spec.Ports ?? [])
        {
            if (port is null)
            {
                continue;
            }

            var before = backends.Count;
            if (!AddPort(port, usable, backends))
            {
                missing.Add($"targetPort '{port.TargetPort?.Value}' of port {Describe(port)}");
            }

            if (backends.Count == before)
            {
                empty.Add(Describe(port));
            }
        }

        var list = new List<BackendStatus>(backends.Values);
        list.Sort(BackendOrder.Instance);
        return new EndpointResolution(list, missing, anyServing, empty);
    }

    /// <summary>Active, Draining, or null when the endpoint must get no traffic at all.</summary>
    public static string? StateOf(V1Endpoint? endpoint)
    {
        var conditions = endpoint?.Conditions;
        if (conditions?.Terminating == true)
        {
            return conditions.Serving != false ? BackendStates.Draining : null;
        }

        return conditions?.Ready != false ? BackendStates.Active : null;
    }

    public static string Describe(VirtualServicePort port) =>
        string.IsNullOrEmpty(port.Name) ? port.Port.ToString(CultureInfo.InvariantCulture) : port.Name;

    // False when the port's targetPort is a name that none of the slices has.
    private static bool AddPort(VirtualServicePort port, List<V1EndpointSlice> slices, Dictionary<(string?, string, int), BackendStatus> backends)
    {
        var name = port.NumericTargetPort is null && port.TargetPort?.Value is { Length: > 0 } text ? text : null;
        var nameFound = false;
        foreach (var slice in slices)
        {
            int target;
            if (name is null)
            {
                target = port.NumericTargetPort ?? port.Port;
            }
            else if (TryFindPort(slice, name, port.EffectiveProtocol, out target))
            {
                nameFound = true;
            }
            else
            {
                continue;
            }

            foreach (var endpoint in slice.Endpoints ?? [])
            {
                if (StateOf(endpoint) is not { } state || AddressOf(endpoint) is not { } ip)
                {
                    continue;
                }

                var key = (port.Name, ip, target);
                if (backends.TryGetValue(key, out var existing) && (existing.State == BackendStates.Active || state == BackendStates.Draining))
                {
                    continue;
                }

                backends[key] = new BackendStatus
                {
                    PortName = port.Name,
                    Ip = ip,
                    Port = target,
                    NodeName = endpoint.NodeName,
                    Weight = state == BackendStates.Active ? 1 : 0,
                    State = state,
                };
            }
        }

        return name is null || nameFound;
    }

    private static bool TryFindPort(V1EndpointSlice slice, string name, string protocol, out int port)
    {
        foreach (var candidate in slice.Ports ?? [])
        {
            if (candidate?.Name == name && (candidate.Protocol ?? "TCP") == protocol && candidate.Port is >= 1 and <= 65535)
            {
                port = candidate.Port.Value;
                return true;
            }
        }

        port = 0;
        return false;
    }

    private static string? AddressOf(V1Endpoint? endpoint) =>
        endpoint?.Addresses is { Count: > 0 } addresses && Ipv4Text.TryParse(addresses[0], out _) ? addresses[0] : null;
}
