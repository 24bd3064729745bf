using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.ReturnPath;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LvsOperator.Dataplane.Tests.ReturnPath;

/// <summary>
/// client, node A and node B on one L2 (a bridge in its own namespace); a pod behind A. The client reaches the pod
/// through A, as a director's DNATed request does. With the return path on A naming B as the owner of the pod's
/// port, the pod's replies go to B (which forwards them, counted) instead of straight to the client.
/// </summary>
public sealed partial class ReturnPathProgrammerTests : IDisposable
{
    private const string Client = "198.18.70.2";
    private const string NodeB = "198.18.70.12";
    private const string NodeC = "198.18.70.13";
    private const string Pod = "198.18.71.10";

    private readonly NamespaceSet _topology = NamespaceSet.Create();
    private readonly string _client;
    private readonly string _nodeA;
    private readonly string _nodeB;
    private readonly string _pod;
    private readonly List<Socket> _sockets = [];

    public ReturnPathProgrammerTests()
    {
        try
        {
            var lan = _topology.Add("lan");
            _client = _topology.Add("c");
            _nodeA = _topology.Add("a");
            _nodeB = _topology.Add("b");
            _pod = _topology.Add("p");
            ProcessRunner.RunIn(lan, "ip", "link", "add", "br0", "type", "bridge");
            ProcessRunner.RunIn(lan, "ip", "link", "set", "br0", "up");
            foreach (var (ns, port, address) in new[] { (_client, "lc", Client), (_nodeA, "la", "198.18.70.11"), (_nodeB, "lb", NodeB) })
            {
                _topology.AddVeth(ns, "eth0", address + "/24", lan, port, null);
                ProcessRunner.RunIn(lan, "ip", "link", "set", port, "master", "br0");
            }

            _topology.AddVeth(_nodeA, "p0", "198.18.71.1/24", _pod, "eth0", Pod + "/24");
            ProcessRunner.RunIn(_pod, "ip", "route", "add", "default", "via", "198.18.71.1");
            ProcessRunner.RunIn(_client, "ip", "route", "add", "198.18.71.0/24", "via", "198.18.70.11");
            ProcessRunner.RunIn(_nodeB, "ip", "route", "add", "198.18.71.0/24", "via", "198.18.70.11");
            foreach (var node in new[] { _nodeA, _nodeB })
            {
                ProcessRunner.RunIn(node, "sysctl", "-qw", "net.ipv4.ip_forward=1");
                ProcessRunner.RunIn(node, "sysctl", "-qw", "net.ipv4.conf.all.send_redirects=0");
                ProcessRunner.RunIn(node, "sysctl", "-qw", "net.ipv4.conf.eth0.send_redirects=0");
            }

            // What node B forwards from the pod, per source port.
            var probe = $"table inet probe {{\n chain forward {{\n type filter hook forward priority 0; policy accept;\n" +
                $" ip saddr {Pod} tcp sport 8080 counter\n ip saddr {Pod} tcp sport 8081 counter\n ip saddr {Pod} udp sport 9090 counter\n }}\n}}\n";
            ProcessRunner.Execute(ProcessCommand.Of("nft", "-f", "-").In(_nodeB) with { StandardInput = probe }).EnsureSuccess();
            Listen(8080);
            Listen(8081);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    [Fact]
    public async Task Replies_of_the_named_real_servers_go_through_the_owner_and_nothing_else_does()
    {
        Programmer().Apply([new ReturnRoute("node-b", Ipv4Format.Parse(NodeB), [new ReplySource(IpProtocol.Tcp, Ipv4Format.Parse(Pod), 8080), new ReplySource(IpProtocol.Udp, Ipv4Format.Parse(Pod), 9090)])]);

        Assert.True(await ConnectAsync(8080), "a connection to the routed port");
        Assert.True(ForwardedByB("tcp sport 8080") > 0, "B never forwarded the pod's replies on 8080");
        Assert.True(await ConnectAsync(8081), "a connection to a port not in the map");
        Assert.Equal(0, ForwardedByB("tcp sport 8081"));

        // The pod's own outgoing traffic from a routed port is not a reply: it goes straight out.
        using var receiver = NetworkNamespace.Run(_client, () => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        receiver.Bind(new IPEndPoint(IPAddress.Parse(Client), 9999));
        using var sender = NetworkNamespace.Run(_pod, () => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        sender.Bind(new IPEndPoint(IPAddress.Parse(Pod), 9090));
        await sender.SendToAsync(new byte[] { 1 }, new IPEndPoint(IPAddress.Parse(Client), 9999));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var received = await receiver.ReceiveAsync(new byte[16], timeout.Token);
        Assert.Equal(1, received);
        Assert.Equal(0, ForwardedByB("udp sport 9090"));
    }

    [Fact]
    public async Task A_restart_replaces_everything_without_duplicates_and_remove_leaves_nothing()
    {
        var toB = new ReturnRoute("node-b", Ipv4Format.Parse(NodeB), [new ReplySource(IpProtocol.Tcp, Ipv4Format.Parse(Pod), 8080)]);
        var toC = new ReturnRoute("node-c", Ipv4Format.Parse(NodeC), [new ReplySource(IpProtocol.Tcp, Ipv4Format.Parse(Pod), 8081)]);
        Programmer().Apply([toB, toC]);
        Assert.Equal(2, OurRules().Count);

        // A second agent process (the first one killed): it finds what the first left and converges on its own view.
        var restarted = Programmer();
        restarted.Apply([toB, toC]);
        Assert.Equal(2, OurRules().Count);
        Assert.Single(ProcessRunner.RunIn(_nodeA, "nft", "list", "tables").Split('\n'), l => l.Trim() == "table inet lvs_return");

        restarted.Apply([toB]);
        var rule = Assert.Single(OurRules());
        Assert.Contains("lookup 19541", rule, StringComparison.Ordinal);
        Assert.Contains(NodeB, ProcessRunner.RunIn(_nodeA, "ip", "route", "show", "table", "19541"), StringComparison.Ordinal);
        Assert.DoesNotContain("19542", ProcessRunner.RunIn(_nodeA, "ip", "-4", "route", "show", "table", "all"), StringComparison.Ordinal);
        Assert.True(await ConnectAsync(8080));

        // Someone else's rule at another priority is never touched.
        ProcessRunner.RunIn(_nodeA, "ip", "rule", "add", "priority", "19539", "fwmark", "0x7", "table", "19541");
        Programmer().Remove();

        Assert.Empty(OurRules());
        Assert.Contains("19539", ProcessRunner.RunIn(_nodeA, "ip", "rule", "show"), StringComparison.Ordinal);
        Assert.DoesNotContain("lvs_return", ProcessRunner.RunIn(_nodeA, "nft", "list", "tables"), StringComparison.Ordinal);
        Assert.DoesNotContain("table 19541", ProcessRunner.RunIn(_nodeA, "ip", "-4", "route", "show", "table", "all"), StringComparison.Ordinal);
    }

    [Fact]
    public void Applying_no_routes_removes_the_table_and_the_rules()
    {
        var programmer = Programmer();
        programmer.Apply([new ReturnRoute("node-b", Ipv4Format.Parse(NodeB), [new ReplySource(IpProtocol.Tcp, Ipv4Format.Parse(Pod), 8080)])]);

        programmer.Apply([]);

        Assert.Empty(OurRules());
        Assert.DoesNotContain("lvs_return", ProcessRunner.RunIn(_nodeA, "nft", "list", "tables"), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_that_would_collide_with_the_kernel_or_a_cni_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ReturnPathOptions { MarkMask = 0x00f0f000 }.Validate());
        Assert.Throws<ArgumentException>(() => new ReturnPathOptions { RulePriority = 32766 }.Validate());
        Assert.Throws<ArgumentException>(() => new ReturnPathOptions { TableBase = 254 }.Validate());
        Assert.Equal(255, new ReturnPathOptions().MaxOwners);
    }

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _topology.Dispose();
    }

    private ReturnPathProgrammer Programmer() => new(
        Options.Create(new ReturnPathOptions { NetworkNamespace = _nodeA }),
        NullLogger<ReturnPathProgrammer>.Instance);

    private List<string> OurRules() =>
        [.. ProcessRunner.RunIn(_nodeA, "ip", "rule", "show").Split('\n').Where(l => l.StartsWith("19540:", StringComparison.Ordinal))];

    private long ForwardedByB(string match)
    {
        var table = ProcessRunner.RunIn(_nodeB, "nft", "list", "table", "inet", "probe");
        var line = table.Split('\n').Single(l => l.Contains(match, StringComparison.Ordinal));
        return long.Parse(PacketsCounted().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Listen(int port)
    {
        var listener = NetworkNamespace.Run(_pod, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(IPAddress.Parse(Pod), port));
        listener.Listen(16);
        _sockets.Add(listener);
    }

    private async Task<bool> ConnectAsync(int port)
    {
        using var socket = NetworkNamespace.Run(_client, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(Pod), port), timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"counter packets (\d+)")]
    private static partial Regex PacketsCounted();
}
