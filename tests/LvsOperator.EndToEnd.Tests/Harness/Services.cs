using System.Net;
using LvsOperator.Sandbox.Directors;
using LvsOperator.Sandbox.Workloads;
using LvsOperator.Sandbox.Network;

namespace LvsOperator.EndToEnd.Tests.Harness;

/// <summary>The VirtualServices the tests program: web on VIP:80/TCP and dns on VIP:53/UDP.</summary>
internal static class Services
{
    public static readonly IPEndPoint WebVip = new(TopologyAddresses.Vip, 80);
    public static readonly IPEndPoint DnsVip = new(TopologyAddresses.Vip, 53);

    public static BackendDefinition Backend(int realServer, int weight = 1, int port = RealServerHost.TcpPort) =>
        new(TopologyAddresses.RealServer(realServer).ToString(), port, weight);

    public static VirtualServiceDefinition Web(string scheduler, params BackendDefinition[] backends) =>
        new("web", TopologyAddresses.Vip.ToString(), new PortDefinition("http", 80), backends, scheduler);

    public static VirtualServiceDefinition Web(string scheduler, params int[] realServers) =>
        Web(scheduler, realServers.Select(i => Backend(i)).ToArray());

    public static VirtualServiceDefinition Dns(string scheduler, params int[] realServers) =>
        new("dns", TopologyAddresses.Vip.ToString(), new PortDefinition("dns", 53, "UDP"),
            realServers.Select(i => Backend(i, port: RealServerHost.UdpPort)).ToArray(), scheduler);
}
