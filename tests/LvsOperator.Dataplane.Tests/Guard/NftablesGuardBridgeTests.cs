using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using LvsOperator.Dataplane.Guard;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Sockets;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LvsOperator.Dataplane.Tests.Guard;

/// <summary>
/// The br_netfilter trap: the real server sits behind a bridge on the director and the forwarder taps the bridge
/// device. With bridge-nf-call-iptables=1 (the default here, as on Kubernetes nodes) the IP hooks run inside the
/// bridge before the bridge device's tap. The guard must still let the tap see the real server's reply and still
/// stop the kernel from forwarding it.
/// </summary>
public sealed class NftablesGuardBridgeTests
{
    [Fact]
    public async Task Bridge_tap_still_sees_real_server_replies_that_the_kernel_no_longer_forwards()
    {
        using var topology = NamespaceSet.Create();
        var client = topology.Add("c");
        var director = topology.Add("d");
        var server = topology.Add("r");
        topology.AddVeth(client, "c0", "198.18.60.1/24", director, "d0", "198.18.60.254/24");
        topology.AddVeth(director, "d1p", null, server, "r0", "198.18.61.10/24");
        ProcessRunner.RunIn(director, "ip", "link", "add", "br0", "type", "bridge");
        ProcessRunner.RunIn(director, "ip", "link", "set", "d1p", "master", "br0");
        ProcessRunner.RunIn(director, "ip", "addr", "add", "198.18.61.254/24", "dev", "br0");
        ProcessRunner.RunIn(director, "ip", "link", "set", "br0", "up");
        ProcessRunner.TryRunIn(director, "modprobe", "br_netfilter");
        ProcessRunner.RunIn(director, "sysctl", "-qw", "net.bridge.bridge-nf-call-iptables=1");
        ProcessRunner.RunIn(director, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        ProcessRunner.RunIn(client, "ip", "route", "add", "198.18.61.0/24", "via", "198.18.60.254");
        ProcessRunner.RunIn(server, "ip", "route", "add", "default", "via", "198.18.61.254");
        using var listener = NetworkNamespace.Run(server, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(IPAddress.Parse("198.18.61.10"), 8080));
        listener.Listen(16);
        using var bridgeTap = NetworkNamespace.Run(director, () => PacketSocket.Open(NetworkNamespace.InterfaceIndex(director, "br0")));
        var guard = new NftablesGuard(
            Options.Create(new NftablesGuardOptions { NftPath = "ip", NftArgumentsPrefix = $"netns exec {director} nft" }),
            NullLogger<NftablesGuard>.Instance);

        guard.Apply(["d0", "br0"], [], [new GuardedEndpoint(IpProtocol.Tcp, Ipv4Format.Parse("198.18.61.10"), 8080)]);

        using var socket = NetworkNamespace.Run(client, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse("198.18.61.10"), 8080), timeout.Token));
        Assert.True(SawSynAckFrom(bridgeTap, Ipv4Format.Parse("198.18.61.10"), 8080), "the bridge tap never saw the SYN-ACK");
    }

    private static bool SawSynAckFrom(PacketSocket tap, uint address, ushort port)
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            if (!tap.Receiver.WaitForBlock(50) || !tap.Receiver.TryGetBlock(out var block))
            {
                continue;
            }

            bool seen = false;
            foreach (var frame in block)
            {
                var bytes = frame.Frame;
                seen |= bytes.Length >= 14 + 20 + 20
                    && BinaryPrimitives.ReadUInt16BigEndian(bytes[12..]) == EtherType.Ipv4
                    && bytes[14 + 9] == (byte)IpProtocol.Tcp
                    && BinaryPrimitives.ReadUInt32BigEndian(bytes[(14 + 12)..]) == address
                    && BinaryPrimitives.ReadUInt16BigEndian(bytes[(14 + ((bytes[14] & 0xF) * 4))..]) == port
                    && (bytes[14 + ((bytes[14] & 0xF) * 4) + 13] & 0x12) == 0x12;
            }

            tap.Receiver.ReleaseBlock();
            if (seen)
            {
                return true;
            }
        }

        return false;
    }
}
