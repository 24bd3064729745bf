using System.Globalization;
using LvsOperator.Sandbox.Processes;
using static LvsOperator.Sandbox.Network.TopologyAddresses;

namespace LvsOperator.Sandbox.Network;

/// <summary>
/// client ── ext0 (198.18.0.0/24) ── director ── rsN veth per real server (198.18.1.1/32 on each, /32 route per RS) ── rsN.
/// No bridge on purpose: br_netfilter would run IP hooks inside it (ARCHITECTURE.md §1 trap 1).
/// Optionally one real server sits behind a router namespace with a narrow link, for path-MTU tests.
/// Dispose removes every namespace (and with it every link) and kills any process left inside them.
/// </summary>
public sealed class NetnsTopology : IDisposable
{
    private readonly NamespaceSet _namespaces;

    private NetnsTopology(NamespaceSet namespaces, TopologyOptions options)
    {
        _namespaces = namespaces;
        Options = options;
        Client = namespaces.NameOf("cli");
        Director = namespaces.NameOf("dir");
        RealServers = Enumerable.Range(1, options.RealServerCount)
            .Select(i => new RealServerNode($"rs{i}", namespaces.NameOf($"rs{i}"), RealServer(i)))
            .ToArray();
        Router = options.RealServerBehindRouter is null ? null : namespaces.NameOf("rtr");
    }

    public string Id => _namespaces.Id;

    public TopologyOptions Options { get; }

    public string Client { get; }

    public string Director { get; }

    public string? Router { get; }

    public IReadOnlyList<RealServerNode> RealServers { get; }

    /// <summary>The director's interface toward the client (the VIP's L2).</summary>
    public static string DirectorExternalInterface => "ext0";

    public static string ClientInterface => "eth0";

    public static NetnsTopology Create(TopologyOptions? options = null)
    {
        var topology = new NetnsTopology(NamespaceSet.Create(), options ?? new TopologyOptions());
        try
        {
            topology.Build();
            return topology;
        }
        catch
        {
            topology.Dispose();
            throw;
        }
    }

    public void Dispose() => _namespaces.Dispose();

    private void Build()
    {
        _namespaces.Add("cli");
        _namespaces.Add("dir");
        Sysctl(Director, "net.ipv4.ip_forward", "1"); // as on every Kubernetes node

        Ip(Director, "link", "add", "ext0", "type", "veth", "peer", "name", ClientInterface, "netns", Client);
        Ip(Director, "addr", "add", $"{DirectorExternal}/24", "dev", "ext0");
        Ip(Director, "link", "set", "ext0", "up");
        Ip(Client, "addr", "add", $"{TopologyAddresses.Client}/24", "dev", ClientInterface);
        for (var i = 0; i < Options.ExtraClientAddresses; i++)
        {
            Ip(Client, "addr", "add", $"{ExtraClient(i)}/24", "dev", ClientInterface);
        }

        Ip(Client, "link", "set", ClientInterface, "up");

        for (var i = 0; i < RealServers.Count; i++)
        {
            var rs = RealServers[i];
            _namespaces.Add(rs.Name);
            if (Options.RealServerBehindRouter == i + 1)
            {
                BuildRoutedRealServer(rs);
            }
            else
            {
                BuildDirectRealServer(rs);
            }
        }
    }

    private void BuildDirectRealServer(RealServerNode rs)
    {
        Ip(Director, "link", "add", rs.Name, "type", "veth", "peer", "name", "eth0", "netns", rs.Namespace);
        Ip(Director, "addr", "add", $"{DirectorInternal}/32", "dev", rs.Name);
        Ip(Director, "link", "set", rs.Name, "up");
        Ip(Director, "route", "add", $"{rs.Address}/32", "dev", rs.Name, "src", DirectorInternal.ToString());
        Ip(rs.Namespace, "addr", "add", $"{rs.Address}/24", "dev", "eth0");
        Ip(rs.Namespace, "link", "set", "eth0", "up");
        Ip(rs.Namespace, "route", "add", "default", "via", DirectorInternal.ToString());
    }

    private void BuildRoutedRealServer(RealServerNode rs)
    {
        var router = Router!;
        _namespaces.Add("rtr");
        Sysctl(router, "net.ipv4.ip_forward", "1");
        Ip(Director, "link", "add", rs.Name, "type", "veth", "peer", "name", "up0", "netns", router);
        Ip(Director, "addr", "add", $"{DirectorToRouter}/24", "dev", rs.Name);
        Ip(Director, "link", "set", rs.Name, "up");
        Ip(Director, "route", "add", $"{rs.Address}/32", "via", RouterUplink.ToString(), "dev", rs.Name);
        Ip(router, "addr", "add", $"{RouterUplink}/24", "dev", "up0");
        Ip(router, "link", "set", "up0", "up");
        Ip(router, "route", "add", "default", "via", DirectorToRouter.ToString());

        var mtu = Options.NarrowMtu.ToString(CultureInfo.InvariantCulture);
        Ip(router, "link", "add", "dn0", "mtu", mtu, "type", "veth", "peer", "name", "eth0", "netns", rs.Namespace);
        Ip(router, "addr", "add", $"{RouterDownlink}/24", "dev", "dn0");
        Ip(router, "link", "set", "dn0", "up");
        Ip(rs.Namespace, "link", "set", "eth0", "mtu", mtu);
        Ip(rs.Namespace, "addr", "add", $"{rs.Address}/24", "dev", "eth0");
        Ip(rs.Namespace, "link", "set", "eth0", "up");
        // The real server does not know about the narrow hop: it advertises a full-size MSS, so the client sends
        // 1,500-byte segments and depends on the router's frag-needed coming back through the director.
        Ip(rs.Namespace, "route", "add", "default", "via", RouterDownlink.ToString(), "advmss", "1460");
    }

    private static void Ip(string ns, params string[] args) => ProcessRunner.Run("ip", ["-n", ns, .. args]);

    private static void Sysctl(string ns, string key, string value) => ProcessRunner.RunIn(ns, "sysctl", "-q", "-w", $"{key}={value}");
}
