using System.Buffers.Binary;
using LvsOperator.Dataplane.Arp;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Sockets;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsOperator.Dataplane.Tests.Arp;

public sealed class GratuitousArpSenderTests
{
    [Fact]
    public async Task Announcements_reach_the_neighbour_and_update_its_arp_cache()
    {
        using var topology = NamespaceSet.Create();
        var director = topology.Add("d");
        var neighbour = topology.Add("n");
        topology.AddVeth(director, "d0", null, neighbour, "n0", "198.18.50.1/24");
        var mac = MacAddress.Parse(ProcessRunner.RunIn(director, "cat", "/sys/class/net/d0/address").Trim());
        var vip = Ipv4Format.Parse("198.18.50.100");

        // An entry pointing elsewhere, as if another director had owned the VIP: a gratuitous ARP must move it.
        ProcessRunner.RunIn(neighbour, "ip", "neigh", "add", "198.18.50.100", "dev", "n0", "lladdr", "02:00:00:00:00:99", "nud", "stale");
        using var sender = NetworkNamespace.Run(director, () => PacketSocket.Open(NetworkNamespace.InterfaceIndex(director, "d0")));
        using var tap = NetworkNamespace.Run(neighbour, () => PacketSocket.Open(NetworkNamespace.InterfaceIndex(neighbour, "n0")));

        var sent = await new GratuitousArpSender(TimeProvider.System, NullLogger<GratuitousArpSender>.Instance)
            .AnnounceAsync(sender, mac, vip, count: 3, interval: TimeSpan.FromMilliseconds(20));

        Assert.Equal(3, sent);
        Assert.Equal(3, CountAnnouncements(tap, mac, vip));
        Assert.Contains(mac.ToString(), ProcessRunner.RunIn(neighbour, "ip", "neigh", "show", "198.18.50.100", "dev", "n0"), StringComparison.Ordinal);
    }

    private static int CountAnnouncements(PacketSocket tap, MacAddress mac, uint vip)
    {
        int seen = 0;
        for (int attempt = 0; attempt < 20 && seen < 3; attempt++)
        {
            if (!tap.Receiver.WaitForBlock(50) || !tap.Receiver.TryGetBlock(out var block))
            {
                continue;
            }

            foreach (var frame in block)
            {
                var bytes = frame.Frame;
                if (EthernetFrame.TryParse(bytes, out var ethernet, out _)
                    && ethernet.EtherType == EtherType.Arp
                    && ArpPacket.TryParse(ethernet.Payload, out var arp, out _)
                    && arp.IsGratuitous && arp.SenderAddress == vip && arp.SenderMac == mac
                    && MacAddress.Read(bytes) == MacAddress.Broadcast
                    && BinaryPrimitives.ReadUInt16BigEndian(bytes[12..]) == EtherType.Arp)
                {
                    seen++;
                }
            }

            tap.Receiver.ReleaseBlock();
        }

        return seen;
    }
}
