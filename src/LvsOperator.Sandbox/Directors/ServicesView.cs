using System.Text.Json;
using LvsOperator.Api;
using LvsOperator.Api.AgentApi;

namespace LvsOperator.Sandbox.Directors;

/// <summary>
/// Whether the agent's /v1/services answer shows a configuration: every configured service (VIP, port, protocol) is
/// there with each of its backends at the configured port and weight, and no removed backend appears anywhere.
/// </summary>
internal static class ServicesView
{
    /// <summary>The answer as the contract's document, or null when it is not one (an agent still starting, a half-written body).</summary>
    public static ServiceListDocument? TryRead(string? json)
    {
        try
        {
            return json is null ? null : AgentApiJsonContext.ReadServices(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static bool Shows(ServiceListDocument view, IReadOnlyList<VirtualService> services, IReadOnlyList<string> removed)
    {
        var shown = view.Services ?? [];
        foreach (var service in services)
        {
            var backends = StaticBackendResolver.Resolve(service.Spec);
            foreach (var port in service.Spec.Ports)
            {
                var match = shown.FirstOrDefault(s => s.Vip == service.Spec.Vip && s.Port == port.Port
                    && string.Equals(s.Protocol, port.EffectiveProtocol, StringComparison.OrdinalIgnoreCase));
                var servers = match?.RealServers ?? [];
                if (match is null || !backends.Where(b => b.PortName == port.Name)
                        .All(b => servers.Any(r => r.Ip == b.Ip && r.Port == b.Port && r.Weight == b.Weight)))
                {
                    return false;
                }
            }
        }

        return !shown.SelectMany(s => s.RealServers ?? []).Any(r => removed.Contains(r.Ip));
    }
}
