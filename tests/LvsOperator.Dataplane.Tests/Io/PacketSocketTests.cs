using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using LvsOperator.Dataplane.Io;
using LvsOperator.Dataplane.Tests.Io.Netns;

namespace LvsOperator.Dataplane.Tests.Io;

public sealed class PacketSocketTests
{
    private const ushort ExperimentalEtherType = 0x88B5;

    [Fact]
    public void Frame_sent_in_one_namespace_arrives_through_the_ring_in_the_other()
    {
        using var topology = new NetnsTopology();
        var a = topology.AddNamespace("a");
        var b = topology.AddNamespace("b");
        topology.AddVeth(a, "va", null, b, "vb", null);
        using var sender = NetnsTopology.In(a, () => PacketSocket.Open(NetnsTopology.InterfaceIndex(a, "va")));
        using var receiver = NetnsTopology.In(b, () => PacketSocket.Open(NetnsTopology.InterfaceIndex(b, "vb")));

        var frame = new byte[60];
        frame.AsSpan(0, 6).Fill(0xFF);
        frame[6] = 0x02;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), ExperimentalEtherType);
        var marker = Guid.NewGuid().ToByteArray();
        marker.CopyTo(frame, 14);

        Assert.True(sender.TrySend(frame, out var errno), $"send failed, errno {errno}");

        bool found = false;
        for (int attempt = 0; attempt < 50 && !found; attempt++)
        {
            if (!receiver.WaitForBlock(100) || !receiver.TryGetBlock(out var block))
            {
                continue;
            }

            foreach (var received in block)
            {
                var bytes = received.Frame;
                found |= bytes.Length >= 30
                    && BinaryPrimitives.ReadUInt16BigEndian(bytes[12..]) == ExperimentalEtherType
                    && bytes.Slice(14, 16).SequenceEqual(marker);
            }

            receiver.ReleaseBlock();
        }

        Assert.True(found, "the frame never showed up in the receiver's ring");
    }

    [Fact]
    public async Task Tcp_with_offloads_on_arrives_as_gso_super_frames_with_partial_checksum()
    {
        using var topology = new NetnsTopology();
        var a = topology.AddNamespace("a");
        var b = topology.AddNamespace("b");
        topology.AddVeth(a, "va", "198.18.10.1/24", b, "vb", "198.18.10.2/24");
        using var ring = NetnsTopology.In(b, () => PacketSocket.Open(NetnsTopology.InterfaceIndex(b, "vb")));
        using var listener = NetnsTopology.In(b, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(IPAddress.Parse("198.18.10.2"), 5001));
        listener.Listen();
        using var client = NetnsTopology.In(a, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));

        var server = Task.Run(() =>
        {
            using var peer = listener.Accept();
            peer.ReceiveTimeout = 10_000;
            var buffer = new byte[65536];
            long total = 0;
            int n;
            while ((n = peer.Receive(buffer)) > 0)
            {
                total += n;
            }

            return total;
        });
        client.Connect(new IPEndPoint(IPAddress.Parse("198.18.10.2"), 5001));
        var payload = new byte[4 << 20];
        client.Send(payload);
        client.Shutdown(SocketShutdown.Send);
        Assert.Equal(payload.Length, await server.WaitAsync(TimeSpan.FromSeconds(30)));

        int largest = 0;
        int gsoSize = 0;
        bool partial = false;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            if (!ring.WaitForBlock(50) || !ring.TryGetBlock(out var block))
            {
                continue;
            }

            foreach (var frame in block)
            {
                if (frame.Length > largest)
                {
                    largest = frame.Length;
                    gsoSize = frame.Metadata.GsoSegmentSize;
                    partial = frame.Metadata.ChecksumPartial;
                }
            }

            ring.ReleaseBlock();
        }

        Assert.True(largest > 1514, $"largest frame {largest} bytes: no GSO super-frame seen");
        Assert.InRange(gsoSize, 1, 1460);
        Assert.True(partial, "the super-frame's checksum was not reported partial (NEEDS_CSUM)");
    }
}
