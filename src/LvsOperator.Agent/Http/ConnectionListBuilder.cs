using LvsOperator.Agent.Dataplane;
using LvsOperator.Agent.Metrics;
using LvsOperator.Api.AgentApi;
using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Agent.Http;

/// <summary>Builds /v1/connections from a snapshot taken on the forwarder thread (the table has no other safe reader).</summary>
internal sealed class ConnectionListBuilder(IDataplane dataplane)
{
    public async Task<ConnectionListDocument> BuildAsync()
    {
        var snapshot = await dataplane.InvokeAsync(dataplane.Connections.Snapshot);
        var connections = new List<ConnectionDocument>(snapshot.Count);
        foreach (var c in snapshot)
        {
            connections.Add(From(c));
        }

        return new ConnectionListDocument(connections.Count, dataplane.Connections.Capacity, connections);
    }

    public static ConnectionDocument From(ConnectionSnapshot c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new ConnectionDocument(
            AgentMetrics.ProtocolName(c.Protocol),
            Endpoint(c.ClientAddress, c.ClientPort),
            Endpoint(c.VirtualAddress, c.VirtualPort),
            Endpoint(c.RealAddress, c.RealPort),
            c.State,
            (int)Math.Ceiling(Math.Max(0, c.ExpiresIn.TotalSeconds)),
            c.PacketsIn,
            c.PacketsOut,
            c.BytesIn,
            c.BytesOut);
    }

    private static string Endpoint(uint address, ushort port) => $"{Ipv4Format.ToString(address)}:{port}";
}
