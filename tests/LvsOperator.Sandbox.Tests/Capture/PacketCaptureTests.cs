using LvsOperator.Sandbox.Capture;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;
using LvsOperator.Sandbox.Tests.Network;
using LvsOperator.Sandbox.Workloads;

namespace LvsOperator.Sandbox.Tests.Capture;

/// <summary>The capture the no-leak proof relies on does report a real server's address when one reaches the client.</summary>
[Collection(NetnsCollection.Name)]
public sealed class PacketCaptureTests
{
    [Fact]
    public async Task CaptureReportsRealServerSourceWhenClientTalksToItDirectly()
    {
        using var topology = NetnsTopology.Create();
        var rs1 = topology.RealServers[0];
        await using var server = RealServerHost.Start(rs1.Name, rs1.Namespace);
        ProcessRunner.Run("ip", "-n", topology.Client, "route", "add", "198.18.1.0/24", "via", TopologyAddresses.DirectorExternal.ToString());

        using var capture = PacketCapture.Start(topology.Client, NetnsTopology.ClientInterface);
        var exchange = NetworkNamespace.Run(topology.Client,
            () => VipClient.HttpGet(new System.Net.IPEndPoint(rs1.Address, RealServerHost.TcpPort)));
        var sources = capture.StopAndReadSources();

        Assert.Equal("rs1", exchange.ServedBy.RealServer);
        Assert.Contains(rs1.Address, sources);
    }
}
