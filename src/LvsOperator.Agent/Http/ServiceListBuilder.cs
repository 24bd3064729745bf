using LvsOperator.Agent.Dataplane;
using LvsOperator.Agent.Metrics;
using LvsOperator.Agent.Status;
using LvsOperator.Api.AgentApi;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;
using LvsOperator.Dataplane.Services;

namespace LvsOperator.Agent.Http;

/// <summary>Builds /v1/services from the live service table (read from the HTTP thread: arrays and counters only).</summary>
internal sealed class ServiceListBuilder(IDataplane dataplane, AgentState state, RateSampler rates, ConfigSource source)
{
    public static string Version { get; } =
        typeof(ServiceListBuilder).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";

    public ServiceListDocument Build()
    {
        var config = state.Config;
        var services = new List<ServiceDocument>();
        foreach (var service in dataplane.Services.Services)
        {
            var servers = new List<RealServerDocument>();
            foreach (var server in service.RealServers)
            {
                servers.Add(new RealServerDocument(
                    Ipv4Format.ToString(server.Address),
                    server.Port,
                    "Masq",
                    server.Weight,
                    server.ActiveConnections,
                    server.InactiveConnections,
                    server.Counters(),
                    rates.For(service.Key, server)));
            }

            services.Add(new ServiceDocument(
                AgentMetrics.ProtocolName(service.Key.Protocol),
                Ipv4Format.ToString(service.Key.Vip),
                service.Key.Port,
                service.Scheduler.Name,
                service.PersistenceSpec is { } p ? new PersistenceDocument((int)p.Timeout.TotalSeconds, Ipv4Format.ToString(p.Netmask)) : null,
                config.Applied?.Owners.GetValueOrDefault(service.Key),
                service.ActiveConnections,
                service.InactiveConnections,
                service.MidflowPickups,
                service.Counters(),
                rates.For(service.Key),
                servers,
                service.IsOwned));
        }

        return new ServiceListDocument(
            Version,
            dataplane.Connections.Capacity,
            dataplane.Connections.Count,
            new ConfigDocument(
                source.Path,
                config.Generation,
                config.Applied is not null,
                config.AppliedAt,
                config.GuardInstalled,
                config.GuardError,
                config.LastError is { } e ? new ConfigErrorDocument(e.At, e.Problems) : null,
                source.NodeName),
            services);
    }
}
