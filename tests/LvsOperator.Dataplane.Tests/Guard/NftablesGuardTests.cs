using System.Net;
using System.Net.Sockets;
using LvsOperator.Dataplane.Guard;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LvsOperator.Dataplane.Tests.Guard;

/// <summary>client ─ director (ip_forward=1, guard) ─ real server, the real server's default route via the director.</summary>
public sealed class NftablesGuardTests : IDisposable
{
    private const string Vip = "198.18.40.100";
    private const string RealServer = "198.18.41.10";

    private readonly NamespaceSet _topology = NamespaceSet.Create();
    private readonly string _client;
    private readonly string _director;
    private readonly string _server;
    private readonly List<Socket> _listeners = [];

    public NftablesGuardTests()
    {
        _client = _topology.Add("c");
        _director = _topology.Add("d");
        _server = _topology.Add("r");
        _topology.AddVeth(_client, "c0", "198.18.40.1/24", _director, "d0", "198.18.40.254/24");
        _topology.AddVeth(_director, "d1", "198.18.41.254/24", _server, "r0", RealServer + "/24");
        ProcessRunner.RunIn(_client, "ip", "route", "add", "198.18.41.0/24", "via", "198.18.40.254");
        ProcessRunner.RunIn(_server, "ip", "route", "add", "default", "via", "198.18.41.254");
        ProcessRunner.RunIn(_director, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        Listen(RealServer, 8080);
        Listen(RealServer, 8081);
    }

    [Fact]
    public async Task Guard_drops_the_vip_port_silently_instead_of_the_kernel_resetting_it()
    {
        // Make the kernel own the VIP, the situation the guard must neutralise: without it, a SYN gets a RST.
        ProcessRunner.RunIn(_director, "ip", "addr", "add", $"{Vip}/32", "dev", "d0");
        Assert.Equal(Outcome.Refused, await ConnectAsync(Vip, 80));

        Guard().Apply(["d0", "d1"], [new GuardedEndpoint(IpProtocol.Tcp, Ipv4Format.Parse(Vip), 80)], []);

        Assert.Equal(Outcome.TimedOut, await ConnectAsync(Vip, 80));
    }

    [Fact]
    public async Task Guard_stops_the_kernel_forwarding_real_server_replies_and_nothing_else()
    {
        Assert.Equal(Outcome.Connected, await ConnectAsync(RealServer, 8080));

        Guard().Apply(["d0", "d1"], [], [new GuardedEndpoint(IpProtocol.Tcp, Ipv4Format.Parse(RealServer), 8080)]);

        Assert.Equal(Outcome.TimedOut, await ConnectAsync(RealServer, 8080));
        Assert.Equal(Outcome.Connected, await ConnectAsync(RealServer, 8081));
    }

    [Fact]
    public async Task Restart_replaces_the_table_updates_swap_the_sets_and_remove_deletes_it()
    {
        var virtualService = new GuardedEndpoint(IpProtocol.Tcp, Ipv4Format.Parse(Vip), 80);
        Guard().Apply(["d0", "d1"], [virtualService], [new GuardedEndpoint(IpProtocol.Tcp, Ipv4Format.Parse(RealServer), 8080)]);
        var restarted = Guard();
        restarted.Apply(["d0", "d1"], [virtualService], [new GuardedEndpoint(IpProtocol.Tcp, Ipv4Format.Parse(RealServer), 8080)]);
        restarted.Apply(["d0", "d1"], [virtualService], [new GuardedEndpoint(IpProtocol.Udp, Ipv4Format.Parse(RealServer), 8081)]);

        var tables = ProcessRunner.RunIn(_director, "nft", "list", "tables");
        Assert.Single(tables.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.Trim() == "table inet lvs_operator");
        var realServers = ProcessRunner.RunIn(_director, "nft", "list", "set", "inet", "lvs_operator", "real_servers");
        Assert.Contains("udp . 198.18.41.10 . 8081", realServers, StringComparison.Ordinal);
        Assert.DoesNotContain("8080", realServers, StringComparison.Ordinal);
        Assert.Equal(Outcome.Connected, await ConnectAsync(RealServer, 8080));

        restarted.Remove();

        Assert.DoesNotContain("lvs_operator", ProcessRunner.RunIn(_director, "nft", "list", "tables"), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        _topology.Dispose();
    }

    private NftablesGuard Guard() => new(
        Options.Create(new NftablesGuardOptions { NftPath = "ip", NftArgumentsPrefix = $"netns exec {_director} nft" }),
        NullLogger<NftablesGuard>.Instance);

    private void Listen(string address, int port)
    {
        var listener = NetworkNamespace.Run(_server, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(IPAddress.Parse(address), port));
        listener.Listen(16);
        _listeners.Add(listener);
    }

    private async Task<Outcome> ConnectAsync(string address, int port)
    {
        using var socket = NetworkNamespace.Run(_client, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(address), port), timeout.Token);
            return Outcome.Connected;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return Outcome.Refused;
        }
        catch (OperationCanceledException)
        {
            return Outcome.TimedOut;
        }
    }

    private enum Outcome
    {
        Connected,
        Refused,
        TimedOut,
    }
}
