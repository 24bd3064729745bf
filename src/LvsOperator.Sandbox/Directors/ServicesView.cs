using System.Text.Json;
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

    public static bool Shows(ServiceListDocument view, IReadOnlyList<VirtualServiceDefinition> services, IReadOnlyList<string> removed)
    {
        var shown = view.Services ?? [];
        foreach (var service in services)
        {
            var match = shown.FirstOrDefault(s => s.Vip == service.Vip && s.Port == service.Port.Port
                && string.Equals(s.Protocol, service.Port.Protocol, StringComparison.OrdinalIgnoreCase));
            var servers = match?.RealServers ?? [];
            if (match is null || !service.Backends.All(b => servers.Any(r => r.Ip == b.Ip && r.Port == b.Port && r.Weight == b.Weight)))
            {
                return false;
            }
        }

        return !shown.SelectMany(s => s.RealServers ?? []).Any(r => removed.Contains(r.Ip));
    }
}
