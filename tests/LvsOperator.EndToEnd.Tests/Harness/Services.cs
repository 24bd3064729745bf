using System.Net;
using LvsOperator.Api;
using LvsOperator.Sandbox.Directors;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Workloads;

namespace LvsOperator.EndToEnd.Tests.Harness;

/// <summary>The VirtualServices the tests program: web on VIP:80/TCP and dns on VIP:53/UDP.</summary>
internal static class Services
{
    public static readonly IPEndPoint WebVip = new(TopologyAddresses.Vip, 80);
    public static readonly IPEndPoint DnsVip = new(TopologyAddresses.Vip, 53);

    public static StaticBackend Backend(int realServer, int weight = 1, int port = RealServerHost.TcpPort) =>
        StandaloneServices.Backend(TopologyAddresses.RealServer(realServer).ToString(), port, weight);

    public static VirtualService Web(string scheduler, params StaticBackend[] backends) =>
        StandaloneServices.Create("web", TopologyAddresses.Vip.ToString(), new VirtualServicePort { Name = "http", Port = 80, Protocol = "TCP" }, scheduler, backends);

    public static VirtualService Web(string scheduler, params int[] realServers) =>
        Web(scheduler, realServers.Select(i => Backend(i)).ToArray());

    public static VirtualService Dns(string scheduler, params int[] realServers) =>
        StandaloneServices.Create("dns", TopologyAddresses.Vip.ToString(), new VirtualServicePort { Name = "dns", Port = 53, Protocol = "UDP" }, scheduler,
            realServers.Select(i => Backend(i, port: RealServerHost.UdpPort)));
}
