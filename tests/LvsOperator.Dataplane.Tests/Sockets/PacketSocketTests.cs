using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using LvsOperator.Dataplane.Sockets;
using LvsOperator.Sandbox.Network;

namespace LvsOperator.Dataplane.Tests.Sockets;

public sealed class PacketSocketTests
{
    private const ushort ExperimentalEtherType = 0x88B5;

    [Theory]
    [InlineData(ReceiveMode.Recvmmsg)]
    [InlineData(ReceiveMode.Ring)]
    public void Frame_sent_in_one_namespace_arrives_in_the_other(ReceiveMode mode)
    {
        using var topology = NamespaceSet.Create();
        var a = topology.Add("a");
        var b = topology.Add("b");
        topology.AddVeth(a, "va", null, b, "vb", null);
        using var sender = NetworkNamespace.Run(a, () => PacketSocket.Open(NetworkNamespace.InterfaceIndex(a, "va")));
        using var receiver = NetworkNamespace.Run(b, () => PacketSocket.Open(NetworkNamespace.InterfaceIndex(b, "vb"), new PacketSocketOptions { ReceiveMode = mode }));

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
            if (!receiver.Receiver.WaitForBlock(100) || !receiver.Receiver.TryGetBlock(out var block))
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

            receiver.Receiver.ReleaseBlock();
        }

        Assert.True(found, $"the frame never showed up at the receiver ({mode})");
    }

    [Theory]
    [InlineData(ReceiveMode.Recvmmsg)]
    [InlineData(ReceiveMode.Ring)]
    public async Task Tcp_with_offloads_on_arrives_as_gso_super_frames_with_partial_checksum(ReceiveMode mode)
    {
        using var topology = NamespaceSet.Create();
        var a = topology.Add("a");
        var b = topology.Add("b");
        topology.AddVeth(a, "va", "198.18.10.1/24", b, "vb", "198.18.10.2/24");
        using var ring = NetworkNamespace.Run(b, () => PacketSocket.Open(NetworkNamespace.InterfaceIndex(b, "vb"), new PacketSocketOptions { ReceiveMode = mode }));
        await TransferAsync(a, b, 4 << 20);

        int largest = 0;
        int gsoSize = 0;
        bool partial = false;
        bool truncated = false;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            if (!ring.Receiver.WaitForBlock(50) || !ring.Receiver.TryGetBlock(out var block))
            {
                continue;
            }

            foreach (var frame in block)
            {
                truncated |= frame.IsTruncated;
                if (frame.Length > largest)
                {
                    largest = frame.Length;
                    gsoSize = frame.Metadata.GsoSegmentSize;
                    partial = frame.Metadata.ChecksumPartial;
                }
            }

            ring.Receiver.ReleaseBlock();
        }

        Assert.True(largest > 1514, $"largest frame {largest} bytes: no GSO super-frame seen");
        Assert.InRange(gsoSize, 1, 1460);
        Assert.True(partial, "the super-frame's checksum was not reported partial (NEEDS_CSUM)");
        Assert.False(truncated, "a frame did not fit whole");
    }

    [Fact]
    public async Task Recvmmsg_reports_a_frame_larger_than_its_buffer_as_truncated_with_its_real_length()
    {
        using var topology = NamespaceSet.Create();
        var a = topology.Add("a");
        var b = topology.Add("b");
        topology.AddVeth(a, "va", "198.18.10.1/24", b, "vb", "198.18.10.2/24");
        var options = new PacketSocketOptions { ReceiveMode = ReceiveMode.Recvmmsg, MaxFrameBytes = 2048 };
        using var socket = NetworkNamespace.Run(b, () => PacketSocket.Open(NetworkNamespace.InterfaceIndex(b, "vb"), options));
        await TransferAsync(a, b, 1 << 20);

        int truncated = 0;
        int longest = 0;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            if (!socket.Receiver.WaitForBlock(50) || !socket.Receiver.TryGetBlock(out var block))
            {
                continue;
            }

            foreach (var frame in block)
            {
                Assert.True(frame.Length <= 2048, $"captured {frame.Length} bytes into a 2048-byte buffer");
                if (frame.IsTruncated)
                {
                    truncated++;
                    Assert.Equal(2048, frame.Length);
                    longest = Math.Max(longest, frame.WireLength);
                }
            }

            socket.Receiver.ReleaseBlock();
        }

        Assert.True(truncated > 0 && longest > 2048, $"{truncated} truncated frames, longest {longest} bytes");
    }

    [Theory]
    [InlineData(ReceiveMode.Recvmmsg)]
    [InlineData(ReceiveMode.Ring)]
    public void Frames_that_find_the_receiver_full_are_counted_as_drops(ReceiveMode mode)
    {
        using var topology = NamespaceSet.Create();
        var a = topology.Add("a");
        var b = topology.Add("b");
        topology.AddVeth(a, "va", null, b, "vb", null);
        // The smallest ring (one page-sized block) or receive queue, and nobody reading it.
        var options = new PacketSocketOptions { ReceiveMode = mode, BlockSize = Environment.SystemPageSize, BlockCount = 1, ReceiveBufferBytes = 4096 };
        using var receiver = NetworkNamespace.Run(b, () => PacketSocket.Open(NetworkNamespace.InterfaceIndex(b, "vb"), options));
        using var sender = NetworkNamespace.Run(a, () => PacketSocket.Open(NetworkNamespace.InterfaceIndex(a, "va")));
        var frame = new byte[1000];
        frame.AsSpan(0, 6).Fill(0xFF);
        frame[6] = 0x02;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), ExperimentalEtherType);
        for (int i = 0; i < 200; i++)
        {
            Assert.True(sender.TrySend(frame, out var errno), $"send failed, errno {errno}");
        }

        long drops = 0;
        for (int attempt = 0; attempt < 50 && drops == 0; attempt++)
        {
            Thread.Sleep(10);
            drops += receiver.ReadRingDrops();
        }

        Assert.True(drops > 0, $"200 frames into a {mode} receiver nobody reads, and no drop counted");
    }

    [Fact]
    public void Recvmmsg_without_a_virtio_net_header_is_refused()
    {
        var options = new PacketSocketOptions { ReceiveMode = ReceiveMode.Recvmmsg, VnetHeader = false };
        Assert.Throws<ArgumentException>(() => PacketSocket.Open(1, options));
    }

    /// <summary>Sends <paramref name="bytes"/> zero bytes from A (198.18.10.1) to B (198.18.10.2) over TCP, offloads on.</summary>
    private static async Task TransferAsync(string a, string b, int bytes)
    {
        using var listener = NetworkNamespace.Run(b, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(IPAddress.Parse("198.18.10.2"), 5001));
        listener.Listen();
        using var client = NetworkNamespace.Run(a, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));

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
        var payload = new byte[bytes];
        client.Send(payload);
        client.Shutdown(SocketShutdown.Send);
        Assert.Equal(payload.Length, await server.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
