using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using LvsOperator.Dataplane.Forwarding;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Sockets;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace LvsOperator.Dataplane.Tests.Forwarding;

public sealed class ForwarderLoopTests(ITestOutputHelper output)
{
    /// <summary>
    /// A ─ D ─ B with D's loop wiring its two interfaces together. A sends with TSO on, so D receives 64 KiB
    /// super-frames; D's egress toward B has TSO, GSO and tx checksumming off, so the kernel must cut each super-frame
    /// and compute every checksum from the virtio-net header D sends with it; B has rx checksumming off, so it
    /// verifies every TCP checksum itself. A wrong checksum would stall the transfer and fail the test.
    /// </summary>
    [Theory]
    [InlineData(ReceiveMode.Recvmmsg)]
    [InlineData(ReceiveMode.Ring)]
    public async Task Wire_forwards_gso_super_frames_whole_and_the_receiver_verifies_every_checksum(ReceiveMode mode)
    {
        using var topology = NamespaceSet.Create();
        var a = topology.Add("a");
        var d = topology.Add("d");
        var b = topology.Add("b");
        topology.AddVeth(a, "a0", "198.18.20.1/24", d, "da", null);
        topology.AddVeth(d, "db", null, b, "b0", "198.18.20.2/24");
        ProcessRunner.RunIn(d, "ethtool", "-K", "db", "tso", "off", "gso", "off", "tx", "off");
        ProcessRunner.RunIn(b, "ethtool", "-K", "b0", "rx", "off");
        int left = NetworkNamespace.InterfaceIndex(d, "da");
        int right = NetworkNamespace.InterfaceIndex(d, "db");
        var socketOptions = new PacketSocketOptions { ReceiveMode = mode };
        using var leftSocket = NetworkNamespace.Run(d, () => PacketSocket.Open(left, socketOptions));
        using var rightSocket = NetworkNamespace.Run(d, () => PacketSocket.Open(right, socketOptions));
        var processor = new WireProcessor(left, right);
        using var loop = new ForwarderLoop(
            [leftSocket, rightSocket],
            processor,
            processor.Tick,
            Options.Create(new ForwarderLoopOptions()),
            NullLogger<ForwarderLoop>.Instance,
            TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var running = loop.Start(stop.Token);
        try
        {
            var payload = RandomNumberGenerator.GetBytes(16 << 20);
            var elapsed = await TransferAsync(a, b, payload);
            output.WriteLine($"{mode}: {payload.Length >> 20} MiB through the wire loop in {elapsed.TotalMilliseconds:F0} ms "
                + $"({payload.Length / elapsed.TotalSeconds / 1e6:F0} MB/s); gso frames {loop.Counters.GsoFrames}, "
                + $"rx frames {loop.Counters.Interfaces[0].RxFrames}+{loop.Counters.Interfaces[1].RxFrames}");
        }
        finally
        {
            // A fast transfer can finish inside the first tick interval; give the loop time to reach a tick.
            SpinWait.SpinUntil(() => Volatile.Read(ref processor.Ticks) > 0, TimeSpan.FromSeconds(5));
            await stop.CancelAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.True(loop.Counters.GsoFrames > 0, "no GSO super-frame crossed the loop: the test did not exercise offloads");
        Assert.Equal(0, loop.Counters.Drops(DropReason.FrameTooLarge));
        Assert.Equal(0, loop.Counters.Drops(DropReason.SendFailed));
        Assert.Equal(0, loop.Counters.Interfaces[1].TxErrors);
        Assert.True(loop.Counters.Forwarded >= loop.Counters.Interfaces[0].RxFrames);
        Assert.True(processor.Ticks > 0, "the tick hook never ran");
    }

    /// <summary>
    /// A ─ D ─ B again, with a processor whose neighbour is slow: a frame answered Hold waits in D's loop and leaves,
    /// byte for byte as it arrived, once the neighbour resolves; one whose neighbour never resolves is counted as a
    /// NeighbourUnresolved drop when its hold time runs out.
    /// </summary>
    [Theory]
    [InlineData(ReceiveMode.Recvmmsg)]
    [InlineData(ReceiveMode.Ring)]
    public async Task A_held_frame_leaves_unchanged_once_resolved_and_one_never_resolved_is_a_counted_drop(ReceiveMode mode)
    {
        using var topology = NamespaceSet.Create();
        var a = topology.Add("a");
        var d = topology.Add("d");
        var b = topology.Add("b");
        topology.AddVeth(a, "a0", null, d, "da", null);
        topology.AddVeth(d, "db", null, b, "b0", null);
        int left = NetworkNamespace.InterfaceIndex(d, "da");
        int right = NetworkNamespace.InterfaceIndex(d, "db");
        var socketOptions = new PacketSocketOptions { ReceiveMode = mode };
        using var leftSocket = NetworkNamespace.Run(d, () => PacketSocket.Open(left, socketOptions));
        using var rightSocket = NetworkNamespace.Run(d, () => PacketSocket.Open(right, socketOptions));
        using var sender = NetworkNamespace.Run(a, () => PacketSocket.Open(NetworkNamespace.InterfaceIndex(a, "a0")));
        using var tap = NetworkNamespace.Run(b, () => PacketSocket.Open(NetworkNamespace.InterfaceIndex(b, "b0")));
        var processor = new HoldingProcessor(left, right);
        var holdTime = TimeSpan.FromSeconds(2);
        using var loop = new ForwarderLoop(
            [leftSocket, rightSocket],
            processor,
            null,
            Options.Create(new ForwarderLoopOptions { NeighbourHoldTime = holdTime }),
            NullLogger<ForwarderLoop>.Instance,
            TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var running = loop.Start(stop.Token);
        try
        {
            var late = MarkedFrame(HoldingProcessor.UntilResolved);
            var never = MarkedFrame(HoldingProcessor.Forever);
            Assert.True(sender.TrySend(late, out var errno), $"send failed, errno {errno}");
            Assert.True(sender.TrySend(never, out errno), $"send failed, errno {errno}");
            Assert.True(SpinWait.SpinUntil(() => loop.Counters.HeldForNeighbour == 2, TimeSpan.FromSeconds(5)), $"held {loop.Counters.HeldForNeighbour} of 2 frames");
            Assert.Equal(0, loop.Counters.Forwarded);

            var resolvedAt = Stopwatch.StartNew();
            processor.Resolved = true;
            Assert.True(ArrivesAt(tap, late), "the held frame never reached B unchanged after its neighbour resolved");
            Assert.True(SpinWait.SpinUntil(() => loop.Counters.Drops(DropReason.NeighbourUnresolved) == 1, holdTime * 3), "the never-resolved frame was not counted as a drop");
            output.WriteLine($"{mode}: dropped {resolvedAt.ElapsedMilliseconds} ms after the other was released (hold time {holdTime.TotalMilliseconds} ms)");
            Assert.Equal(1, loop.Counters.Forwarded);
        }
        finally
        {
            await stop.CancelAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    private static byte[] MarkedFrame(byte kind)
    {
        var frame = new byte[60];
        frame.AsSpan(0, 6).Fill(0xFF);
        frame[6] = 0x02;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), HoldingProcessor.ExperimentalEtherType);
        frame[EthernetFrame.UntaggedHeaderLength] = kind;
        Guid.NewGuid().ToByteArray().CopyTo(frame, EthernetFrame.UntaggedHeaderLength + 1);
        return frame;
    }

    private static bool ArrivesAt(PacketSocket tap, byte[] expected)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            if (!tap.Receiver.WaitForBlock(100) || !tap.Receiver.TryGetBlock(out var block))
            {
                continue;
            }

            bool found = false;
            foreach (var frame in block)
            {
                found |= frame.Frame.SequenceEqual(expected);
            }

            tap.Receiver.ReleaseBlock();
            if (found)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sends <paramref name="payload"/> from A to B over TCP and checks B got exactly those bytes.</summary>
    private static async Task<TimeSpan> TransferAsync(string a, string b, byte[] payload)
    {
        using var listener = NetworkNamespace.Run(b, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(IPAddress.Parse("198.18.20.2"), 5002));
        listener.Listen();
        using var client = NetworkNamespace.Run(a, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        client.SendTimeout = 20_000;
        var server = Task.Run(() =>
        {
            using var peer = listener.Accept();
            peer.ReceiveTimeout = 20_000;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            int n;
            while ((n = peer.Receive(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, n);
            }

            return hash.GetHashAndReset();
        });
        var watch = Stopwatch.StartNew();
        await client.ConnectAsync(new IPEndPoint(IPAddress.Parse("198.18.20.2"), 5002)).WaitAsync(TimeSpan.FromSeconds(10));
        client.Send(payload);
        client.Shutdown(SocketShutdown.Send);
        var received = await server.WaitAsync(TimeSpan.FromSeconds(60));
        watch.Stop();
        Assert.Equal(SHA256.HashData(payload), received);
        return watch.Elapsed;
    }
}
