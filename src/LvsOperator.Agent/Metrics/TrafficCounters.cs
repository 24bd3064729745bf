using LvsOperator.Dataplane.Scheduling;
using LvsOperator.Dataplane.Services;

namespace LvsOperator.Agent.Metrics;

/// <summary>ipvsadm --stats: connections scheduled, packets and bytes each way.</summary>
internal readonly record struct TrafficCounters(long Connections, long PacketsIn, long PacketsOut, long BytesIn, long BytesOut)
{
    public static TrafficCounters Of(VirtualServer service) =>
        new(service.Connections, service.PacketsIn, service.PacketsOut, service.BytesIn, service.BytesOut);

    public static TrafficCounters Of(RealServer server) =>
        new(server.Connections, server.PacketsIn, server.PacketsOut, server.BytesIn, server.BytesOut);
}
