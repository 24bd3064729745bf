using System.Net;
using LvsOperator.EndToEnd.Tests.Harness;
using LvsOperator.Sandbox.Capture;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;
using LvsOperator.Sandbox.Workloads;

namespace LvsOperator.EndToEnd.Tests.Nat;

/// <summary>
/// Proof 6: the director forwards with ip_forward=1 (the topology sets it), yet the client never sees a packet from
/// a real server's own address: every reply is rewritten to the VIP, none is forwarded raw by the kernel.
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class NoLeakTests(DirectorFixture fixture) : IClassFixture<DirectorFixture>
{
    [Fact]
    public async Task ClientSideCaptureSeesNoRealServerSourceAddress()
    {
        await fixture.ProgramAsync(Services.Web("rr", 1, 2, 3), Services.Dns("rr", 1, 2, 3));
        Assert.Equal("1", ProcessRunner.RunIn(fixture.Topology.Director, "sysctl", "-n", "net.ipv4.ip_forward").Trim());

        IReadOnlyList<IPAddress> sources;
        string summary;
        using (var capture = PacketCapture.Start(fixture.Topology.Client, NetnsTopology.ClientInterface))
        {
            NetworkNamespace.Run(fixture.Topology.Client, () =>
            {
                for (var i = 0; i < 60; i++)
                {
                    VipClient.HttpGet(Services.WebVip);
                    VipClient.UdpQuery(Services.DnsVip);
                }

                using var session = WhoSession.Open(Services.WebVip);
                for (var i = 0; i < 10; i++)
                {
                    Assert.Equal(WhoOutcome.Answered, session.Ask(TimeSpan.FromSeconds(3)).Outcome);
                }
            });
            sources = capture.StopAndReadSources();
            summary = capture.Summary;
        }

        Assert.True(sources.Contains(TopologyAddresses.Vip), $"the capture saw no reply from the VIP: {summary}");
        var realServers = fixture.Topology.RealServers.Select(rs => rs.Address).ToHashSet();
        Assert.DoesNotContain(sources, realServers.Contains);
        Assert.DoesNotContain(sources, a => a.ToString().StartsWith("198.18.1.", StringComparison.Ordinal));
    }
}
