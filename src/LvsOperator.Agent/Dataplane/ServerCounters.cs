using LvsOperator.Api.AgentApi;
using LvsOperator.Dataplane.Scheduling;
using LvsOperator.Dataplane.Services;

namespace LvsOperator.Agent.Dataplane;

/// <summary>Reads a virtual or real server's ipvsadm --stats counters as the /v1 documents carry them.</summary>
internal static class ServerCounters
{
    public static TrafficCounters Counters(this VirtualServer service) =>
        new(service.Connections, service.PacketsIn, service.PacketsOut, service.BytesIn, service.BytesOut);

    public static TrafficCounters Counters(this RealServer server) =>
        new(server.Connections, server.PacketsIn, server.PacketsOut, server.BytesIn, server.BytesOut);
}
