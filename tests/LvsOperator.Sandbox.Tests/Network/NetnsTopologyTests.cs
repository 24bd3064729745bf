using System.Net.Sockets;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;

namespace LvsOperator.Sandbox.Tests.Network;

[Collection(NetnsCollection.Name)]
public sealed class NetnsTopologyTests
{
    [Fact]
    public void DisposeRemovesEveryNamespaceItCreated()
    {
        string[] names;
        using (var topology = NetnsTopology.Create(new TopologyOptions { RealServerBehindRouter = 3 }))
        {
            names = [topology.Client, topology.Director, topology.Router!, .. topology.RealServers.Select(r => r.Namespace)];
            Assert.All(names, n => Assert.True(NetworkNamespace.Exists(n), n));
            Assert.All(names, n => Assert.StartsWith($"lvs-{topology.Id}-", n, StringComparison.Ordinal));
        }

        Assert.All(names, n => Assert.False(NetworkNamespace.Exists(n), n));
    }

    [Fact]
    public void RealServersRouteThroughTheDirectorAndSocketsStayInTheirNamespace()
    {
        using var topology = NetnsTopology.Create();
        foreach (var rs in topology.RealServers)
        {
            var route = ProcessRunner.Run("ip", "-n", rs.Namespace, "route", "get", TopologyAddresses.Client.ToString());
            Assert.Contains($"via {TopologyAddresses.DirectorInternal}", route, StringComparison.Ordinal);
        }

        // A socket created inside the client namespace can bind the client's address; one from the test host cannot.
        using var inside = NetworkNamespace.Run(topology.Client, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        inside.Bind(new System.Net.IPEndPoint(TopologyAddresses.Client, 0));
        using var outside = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Assert.Throws<SocketException>(() => outside.Bind(new System.Net.IPEndPoint(TopologyAddresses.Client, 0)));
    }

    [Fact]
    public void SweepRemovesLeftoversOfDeadRunsOnly()
    {
        const string deadId = "dead00";
        const string liveId = "live00";
        var dead = $"lvs-{deadId}-cli";
        var live = $"lvs-{liveId}-cli";
        try
        {
            ProcessRunner.Run("ip", "netns", "add", dead);
            ProcessRunner.Run("ip", "netns", "add", live);
            LeftoverSweeper.MarkOwned(liveId);
            File.WriteAllText($"/run/lvs-e2e/{deadId}", "2147483646"); // no such process
            foreach (var id in new[] { deadId, liveId })
            {
                Directory.CreateDirectory(RunDirectory.Credentials(Path.GetTempPath(), id));
                Directory.CreateDirectory(RunDirectory.Logs(Path.GetTempPath(), id));
            }

            LeftoverSweeper.Sweep();

            Assert.False(NetworkNamespace.Exists(dead));
            Assert.True(NetworkNamespace.Exists(live));
            Assert.False(Directory.Exists(RunDirectory.Credentials(Path.GetTempPath(), deadId))); // a dead run's tokens go
            Assert.True(Directory.Exists(RunDirectory.Logs(Path.GetTempPath(), deadId))); // its logs stay
            Assert.True(Directory.Exists(RunDirectory.Credentials(Path.GetTempPath(), liveId)));
        }
        finally
        {
            foreach (var id in new[] { deadId, liveId })
            {
                if (Directory.Exists(RunDirectory.Of(Path.GetTempPath(), id)))
                {
                    Directory.Delete(RunDirectory.Of(Path.GetTempPath(), id), recursive: true);
                }
            }

            LeftoverSweeper.DeleteNamespace(dead);
            LeftoverSweeper.DeleteNamespace(live);
            LeftoverSweeper.Unmark(deadId);
            LeftoverSweeper.Unmark(liveId);
        }
    }
}
