using System.Net;
using System.Net.Sockets;
using LvsOperator.Agent.Dataplane;
using LvsOperator.Dataplane.Guard;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Services;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Tests.Dataplane;

/// <summary>
/// The kernel guard of a node, in a network namespace with real nftables: client ─ node (ip_forward=1) ─ pod. The
/// node drops its pod's replies only while it owns the VIP they serve; as a standby it lets them through (to be
/// routed to the VIP's owner). Traffic to the VIP is guarded either way (NftablesGuardTests shows that drop).
/// </summary>
public sealed class OwnershipGuardTests : IDisposable
{
    private const string Vip = "198.18.80.100";
    private const string Pod = "198.18.81.10";

    private readonly NamespaceSet _topology = NamespaceSet.Create();
    private readonly string _client;
    private readonly string _node;
    private readonly Socket _listener;

    public OwnershipGuardTests()
    {
        try
        {
            _client = _topology.Add("c");
            _node = _topology.Add("n");
            var pod = _topology.Add("p");
            _topology.AddVeth(_client, "eth0", "198.18.80.2/24", _node, "eth0", "198.18.80.11/24");
            _topology.AddVeth(_node, "p0", "198.18.81.1/24", pod, "eth0", Pod + "/24");
            ProcessRunner.RunIn(pod, "ip", "route", "add", "default", "via", "198.18.81.1");
            ProcessRunner.RunIn(_client, "ip", "route", "add", "198.18.81.0/24", "via", "198.18.80.11");
            ProcessRunner.RunIn(_node, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            _listener = NetworkNamespace.Run(pod, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            _listener.Bind(new IPEndPoint(IPAddress.Parse(Pod), 8080));
            _listener.Listen(16);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    [Fact]
    public async Task A_standby_lets_its_pods_replies_through_and_the_owner_drops_them()
    {
        var guard = new NftablesGuard(
            Options.Create(new NftablesGuardOptions { NftPath = "ip", NftArgumentsPrefix = $"netns exec {_node} nft" }),
            NullLogger<NftablesGuard>.Instance);
        VirtualServerSpec[] specs = [new(IpProtocol.Tcp, Ipv4Format.Parse(Vip), 80, "maglev", null, [new RealServerSpec(Ipv4Format.Parse(Pod), 8080, 1)])];
        string[] taps = ["eth0", "p0"];

        var standby = GuardRules.From(specs, new HashSet<uint>());
        guard.Apply(taps, standby.VirtualServices, standby.RealServers);
        Assert.True(await ConnectAsync(Pod, 8080), "a standby must let its pod's replies through");
        Assert.Contains(new GuardedEndpoint(IpProtocol.Tcp, Ipv4Format.Parse(Vip), 80), standby.VirtualServices);

        var owner = GuardRules.From(specs, new HashSet<uint> { Ipv4Format.Parse(Vip) });
        guard.Apply(taps, owner.VirtualServices, owner.RealServers);
        Assert.False(await ConnectAsync(Pod, 8080), "the owner's kernel must not forward un-rewritten replies");

        guard.Remove();
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _topology.Dispose();
    }

    private async Task<bool> ConnectAsync(string address, int port)
    {
        using var socket = NetworkNamespace.Run(_client, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(address), port), timeout.Token);
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            return false;
        }
    }
}
