using LvsOperator.Dataplane.Forwarding;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Routing;
using LvsOperator.Dataplane.Services;
using LvsOperator.Dataplane.Sockets;
using LvsOperator.Dataplane.Tests.Packets;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace LvsOperator.Dataplane.Tests.Forwarding;

/// <summary>
/// Frames a router must not forward, crafted by hand and sent with a raw socket at a director that runs the real
/// loop over real packet sockets (both receive modes), the real processor and next-hop resolver:
/// <code>
///   a (a0 198.18.40.2) ── da 198.18.40.1 (promiscuous) ── D ── db 198.18.41.1 ── b (b0 198.18.41.2, the real server)
/// </code>
/// What reaches b is read off b0 by another packet socket. Each frame is a SYN to the VIP with its own client port,
/// so what arrived says which frames went through: the plain SYN must; the tagged, other-host, broadcast and martian
/// ones must not, each counted under its reason. A broadcast ARP request for the VIP must still be answered.
/// (A socket on a VLAN device of the director's own sees that VLAN's frames untagged, as the kernel's vlan_do_receive
/// clears the tag before the device's taps run; this kernel has no 8021q to show it.)
/// </summary>
public sealed class HostileFrameTests(ITestOutputHelper output)
{
    private const string Vip = "198.18.40.100";
    private const string Client = "198.18.40.2";
    private const ushort Plain = 50000;
    private const ushort OtherVlan = 50002;
    private const ushort OtherHost = 50003;
    private const ushort Broadcast = 50004;
    private const ushort Multicast = 50005;
    private const ushort FirstMartian = 50010;
    private static readonly MacAddress ClientMac = new(0x02_00_00_00_40_02);

    private static readonly string[] Martians =
        ["127.0.0.1", "0.0.0.1", "224.0.0.9", "240.0.0.1", "255.255.255.255", Vip, "198.18.40.1", "198.18.40.255"];

    [Theory]
    [InlineData(ReceiveMode.Recvmmsg)]
    [InlineData(ReceiveMode.Ring)]
    public async Task Only_frames_a_router_may_forward_reach_the_real_server_and_the_rest_are_counted_by_reason(ReceiveMode mode)
    {
        using var topology = NamespaceSet.Create();
        var a = topology.Add("a");
        var d = topology.Add("d");
        var b = topology.Add("b");
        topology.AddVeth(a, "a0", $"{Client}/24", d, "da", "198.18.40.1/24");
        topology.AddVeth(d, "db", "198.18.41.1/24", b, "b0", "198.18.41.2/24");
        ProcessRunner.RunIn(d, "ip", "link", "set", "da", "promisc", "on"); // as a bridge port is: OTHERHOST frames reach the tap
        var directorMac = MacAddress.Parse(ProcessRunner.RunIn(d, "cat", "/sys/class/net/da/address").Trim());

        var socketOptions = new PacketSocketOptions { ReceiveMode = mode };
        using var resolver = NetworkNamespace.Run(d, () => new NextHopResolver(
            Options.Create(new NextHopResolverOptions()), NullLogger<NextHopResolver>.Instance, TimeProvider.System));
        using var clientSide = NetworkNamespace.Run(d, () => PacketSocket.Open(NetworkNamespace.InterfaceIndex(d, "da"), socketOptions));
        using var serverSide = NetworkNamespace.Run(d, () => PacketSocket.Open(NetworkNamespace.InterfaceIndex(d, "db"), socketOptions));
        using var sender = NetworkNamespace.Run(a, () => PacketSocket.Open(NetworkNamespace.InterfaceIndex(a, "a0")));
        using var realServer = NetworkNamespace.Run(b, () => PacketSocket.Open(NetworkNamespace.InterfaceIndex(b, "b0")));

        var director = new Director(Options.Create(new DirectorOptions()), resolver, new LocalInterfaces(resolver), TimeProvider.System);
        Assert.Empty(director.Services.Apply(
            [new VirtualServerSpec(IpProtocol.Tcp, Ipv4Format.Parse(Vip), 80, "maglev", null, [new RealServerSpec(Ipv4Format.Parse("198.18.41.2"), 8080, 1)])]).Errors);
        using var loop = new ForwarderLoop(
            [clientSide, serverSide], director.Processor, director.Tick, Options.Create(new ForwarderLoopOptions()),
            NullLogger<ForwarderLoop>.Instance, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var running = loop.Start(stop.Token);
        try
        {
            var otherMac = new MacAddress(0x02_00_00_00_99_99);
            var multicastMac = new MacAddress(0x01_00_5E_00_00_01);
            Send(sender, Syn(directorMac, Client, Plain));
            Send(sender, Syn(directorMac, Client, OtherVlan, vlan: 42));
            Send(sender, Syn(otherMac, Client, OtherHost));
            Send(sender, Syn(MacAddress.Broadcast, Client, Broadcast));
            Send(sender, Syn(multicastMac, Client, Multicast));
            for (int i = 0; i < Martians.Length; i++)
            {
                Send(sender, Syn(directorMac, Martians[i], (ushort)(FirstMartian + i)));
            }

            Send(sender, ArpRequestForVip());

            var arrived = ClientPortsArriving(realServer, expected: [Plain], TimeSpan.FromSeconds(10));
            Assert.True(AnswersArp(sender, TimeSpan.FromSeconds(10)), "the broadcast ARP request for the VIP was not answered");
            Assert.True(
                SpinWait.SpinUntil(() => loop.Counters.Drops(DropReason.MartianSource) == Martians.Length, TimeSpan.FromSeconds(10)),
                $"martian drops: {loop.Counters.Drops(DropReason.MartianSource)} of {Martians.Length}");

            // Frames still on their way would have arrived by now: the loop has counted everything sent after them.
            arrived.UnionWith(ClientPortsArriving(realServer, expected: [], TimeSpan.FromMilliseconds(500)));
            output.WriteLine($"{mode}: arrived at the real server from client ports {string.Join(", ", arrived.Order())}; "
                + $"forwarded {loop.Counters.Forwarded}, replied {loop.Counters.Replied}");
            Assert.Equal([Plain], arrived.Order());
            Assert.Equal(1, loop.Counters.Drops(DropReason.VlanTagged));
            Assert.Equal(1, loop.Counters.Drops(DropReason.OtherHost));
            Assert.Equal(2, loop.Counters.Drops(DropReason.LinkLayerBroadcast));
        }
        finally
        {
            await stop.CancelAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    private static byte[] Syn(MacAddress destination, string source, ushort clientPort, ushort? vlan = null) =>
        PacketFactory.Ethernet(destination, ClientMac, EtherType.Ipv4,
            PacketFactory.Tcp(Ipv4Format.Parse(source), clientPort, Ipv4Format.Parse(Vip), 80, TcpFlags.Syn), vlan);

    private static byte[] ArpRequestForVip() =>
        PacketFactory.Ethernet(MacAddress.Broadcast, ClientMac, EtherType.Arp, PacketFactory.ArpRequest(ClientMac, Ipv4Format.Parse(Client), Ipv4Format.Parse(Vip)), padding: 18);

    private static void Send(PacketSocket socket, byte[] frame) =>
        Assert.True(socket.TrySend(frame, out var errno), $"raw send failed, errno {errno}");

    /// <summary>The client ports of the SYNs to port 8080 seen at the real server, until all of <paramref name="expected"/> came or time ran out.</summary>
    private static HashSet<ushort> ClientPortsArriving(PacketSocket tap, ushort[] expected, TimeSpan limit)
    {
        var seen = new HashSet<ushort>();
        Watch(tap, limit, bytes =>
        {
            if (EthernetFrame.TryParse(bytes, out var ethernet, out _) && ethernet.EtherType == EtherType.Ipv4
                && Ipv4Header.TryParse(ethernet.Payload, out var ip, out _) && ip.Protocol == IpProtocol.Tcp
                && TcpHeader.TryParse(ip.Payload, out var tcp, out _) && tcp.DestinationPort == 8080)
            {
                seen.Add(tcp.SourcePort);
            }

            return expected.Length > 0 && expected.All(seen.Contains);
        });
        return seen;
    }

    private static bool AnswersArp(PacketSocket socket, TimeSpan limit) => Watch(socket, limit, bytes =>
        EthernetFrame.TryParse(bytes, out var ethernet, out _) && ethernet.EtherType == EtherType.Arp
        && ArpPacket.TryParse(ethernet.Payload, out var arp, out _)
        && arp.Operation == ArpPacket.OperationReply && arp.SenderAddress == Ipv4Format.Parse(Vip));

    /// <summary>Shows every frame arriving at <paramref name="tap"/> to <paramref name="done"/> until it says true (then true) or time runs out.</summary>
    private static bool Watch(PacketSocket tap, TimeSpan limit, FrameCheck done)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (!tap.Receiver.WaitForBlock(100) || !tap.Receiver.TryGetBlock(out var block))
            {
                continue;
            }

            bool finished = false;
            foreach (var frame in block)
            {
                finished |= done(frame.Frame);
            }

            tap.Receiver.ReleaseBlock();
            if (finished)
            {
                return true;
            }
        }

        return false;
    }

    private delegate bool FrameCheck(Span<byte> frame);
}
