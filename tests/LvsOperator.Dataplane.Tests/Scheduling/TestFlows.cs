using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;

namespace LvsOperator.Dataplane.Tests.Scheduling;

internal static class TestFlows
{
    public const uint Vip = 0xC6120064; // 198.18.0.100

    public static FlowKey Tcp(uint client, ushort clientPort, ushort vport = 80) =>
        new(IpProtocol.Tcp, client, clientPort, Vip, vport);

    public static FlowKey Udp(uint client, ushort clientPort, ushort vport = 53) =>
        new(IpProtocol.Udp, client, clientPort, Vip, vport);

    /// <summary>Client 198.18.1.x / 198.18.2.x ... spread over the test range.</summary>
    public static uint Client(int n) => 0xC6120100u + (uint)n;

    /// <summary>Real servers 198.19.0.1 .. 198.19.x.y, all on port 8080.</summary>
    public static RealServer[] Servers(int count, int weight = 1)
    {
        var servers = new RealServer[count];
        for (int i = 0; i < count; i++)
        {
            servers[i] = new RealServer(0xC6130001u + (uint)i, 8080, weight);
        }

        return servers;
    }
}
