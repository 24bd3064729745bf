using LvsOperator.Agent.Dataplane;
using LvsOperator.Agent.Status;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;
using LvsOperator.Dataplane.Services;

namespace LvsOperator.Agent.Metrics;

/// <summary>
/// /metrics: per service and real server traffic (as ipvsadm --stats), connection counts, the forwarder's drops by
/// reason and per-interface frames, the connection table's fill, and config reloads. Service labels read
/// "TCP/198.18.0.100:80", real servers "198.18.1.11:8080".
/// </summary>
internal sealed class AgentMetrics(IDataplane dataplane, AgentState state)
{
    public string Render()
    {
        var w = new PrometheusTextWriter();
        WriteServices(w);
        WriteForwarder(w, dataplane.ReadStatistics());

        w.Family("lvs_connection_table_entries", "gauge", "Connections tracked in the connection table.");
        w.Sample("lvs_connection_table_entries", dataplane.Connections.Count);
        w.Family("lvs_connection_table_capacity", "gauge", "Connections the table can hold; new connections beyond it are dropped (ConnectionTableFull).");
        w.Sample("lvs_connection_table_capacity", dataplane.Connections.Capacity);

        var config = state.Config;
        w.Family("lvs_config_reloads_total", "counter", "Config file loads by result: success (applied) or rejected (invalid; the last good configuration stays).");
        w.Sample("lvs_config_reloads_total", state.ReloadsSucceeded, ("result", "success"));
        w.Sample("lvs_config_reloads_total", state.ReloadsRejected, ("result", "rejected"));
        w.Family("lvs_config_last_reload_successful", "gauge", "1 if the last config file load was applied without problems.");
        w.Sample("lvs_config_last_reload_successful", config.Applied is not null && config.LastError is null ? 1 : 0);
        w.Family("lvs_config_generation", "gauge", "How many configurations have been applied since start.");
        w.Sample("lvs_config_generation", config.Generation);
        w.Family("lvs_guard_installed", "gauge", "1 while the nftables guard table matches the configuration.");
        w.Sample("lvs_guard_installed", config.GuardInstalled ? 1 : 0);
        w.Family("lvs_forwarder_up", "gauge", "1 while the forwarder thread runs.");
        w.Sample("lvs_forwarder_up", dataplane.IsRunning ? 1 : 0);
        return w.ToString();
    }

    private void WriteServices(PrometheusTextWriter w)
    {
        var services = dataplane.Services.Services;
        w.Family("lvs_packets_total", "counter", "Packets forwarded per real server; direction in = client to real server, out = replies.");
        foreach (var service in services)
        {
            var name = ServiceLabel(service.Key);
            foreach (var server in service.RealServers)
            {
                var rs = server.ToString();
                w.Sample("lvs_packets_total", server.PacketsIn, ("direction", "in"), ("service", name), ("real_server", rs));
                w.Sample("lvs_packets_total", server.PacketsOut, ("direction", "out"), ("service", name), ("real_server", rs));
            }
        }

        w.Family("lvs_bytes_total", "counter", "Bytes (IP packets) forwarded per real server and direction.");
        foreach (var service in services)
        {
            var name = ServiceLabel(service.Key);
            foreach (var server in service.RealServers)
            {
                var rs = server.ToString();
                w.Sample("lvs_bytes_total", server.BytesIn, ("direction", "in"), ("service", name), ("real_server", rs));
                w.Sample("lvs_bytes_total", server.BytesOut, ("direction", "out"), ("service", name), ("real_server", rs));
            }
        }

        WritePerServer(w, services, "lvs_connections_total", "counter", "Connections scheduled to the real server.", static s => s.Connections);
        WritePerServer(w, services, "lvs_active_connections", "gauge", "TCP connections in ESTABLISHED (ipvsadm ActiveConn).", static s => s.ActiveConnections);
        WritePerServer(w, services, "lvs_inactive_connections", "gauge", "Other tracked connections (ipvsadm InActConn).", static s => s.InactiveConnections);
        WritePerServer(w, services, "lvs_real_server_weight", "gauge", "Scheduling weight; 0 = draining.", static s => s.Weight);
    }

    private static void WritePerServer(
        PrometheusTextWriter w,
        IReadOnlyList<VirtualServer> services,
        string metric,
        string type,
        string help,
        Func<RealServer, long> value)
    {
        w.Family(metric, type, help);
        foreach (var service in services)
        {
            var name = ServiceLabel(service.Key);
            foreach (var server in service.RealServers)
            {
                w.Sample(metric, value(server), ("service", name), ("real_server", server.ToString()));
            }
        }
    }

    private static void WriteForwarder(PrometheusTextWriter w, DataplaneStatistics stats)
    {
        w.Family("lvs_drops_total", "counter", "Frames addressed to the director's services that it dropped, by reason.");
        foreach (var reason in Enum.GetValues<DropReason>())
        {
            if (reason != DropReason.None)
            {
                w.Sample("lvs_drops_total", stats.Drops.GetValueOrDefault(reason), ("reason", reason.ToString()));
            }
        }

        w.Family("lvs_frames_total", "counter", "Frames the forwarder handled, by outcome.");
        w.Sample("lvs_frames_total", stats.Forwarded, ("outcome", "forwarded"));
        w.Sample("lvs_frames_total", stats.Replied, ("outcome", "replied"));
        w.Sample("lvs_frames_total", stats.Ignored, ("outcome", "ignored"));
        w.Family("lvs_gso_frames_total", "counter", "GRO/GSO super-frames received (offloads are on).");
        w.Sample("lvs_gso_frames_total", stats.GsoFrames);
        w.Family("lvs_frames_held_for_neighbour_total", "counter", "Frames that waited for their next hop's ARP resolution instead of being dropped.");
        w.Sample("lvs_frames_held_for_neighbour_total", stats.HeldForNeighbour);

        WriteInterfaces(w, stats.Interfaces, "lvs_interface_rx_frames_total", "Frames received on the interface's packet socket.", static i => i.RxFrames);
        WriteInterfaces(w, stats.Interfaces, "lvs_interface_rx_bytes_total", "Bytes received on the interface's packet socket.", static i => i.RxBytes);
        WriteInterfaces(w, stats.Interfaces, "lvs_interface_tx_frames_total", "Frames sent on the interface's packet socket.", static i => i.TxFrames);
        WriteInterfaces(w, stats.Interfaces, "lvs_interface_tx_bytes_total", "Bytes sent on the interface's packet socket.", static i => i.TxBytes);
        WriteInterfaces(w, stats.Interfaces, "lvs_interface_tx_errors_total", "Frames the kernel refused to send.", static i => i.TxErrors);
        WriteInterfaces(w, stats.Interfaces, "lvs_interface_rx_drops_total", "Frames the kernel dropped before the forwarder read them (full receive queue or ring).", static i => i.RxDrops);
    }

    private static void WriteInterfaces(PrometheusTextWriter w, IReadOnlyList<InterfaceStatistics> interfaces, string metric, string help, Func<InterfaceStatistics, long> value)
    {
        w.Family(metric, "counter", help);
        foreach (var item in interfaces)
        {
            w.Sample(metric, value(item), ("interface", item.Name));
        }
    }

    public static string ServiceLabel(VirtualServiceKey key) =>
        $"{ProtocolName(key.Protocol)}/{Ipv4Format.ToString(key.Vip)}:{key.Port}";

    public static string ProtocolName(IpProtocol protocol) => protocol switch
    {
        IpProtocol.Tcp => "TCP",
        IpProtocol.Udp => "UDP",
        _ => "ICMP",
    };
}
