using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Forwarding;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;
using LvsOperator.Dataplane.Sockets;
using LvsOperator.Sandbox.Network;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Dataplane.Tests.Forwarding;

/// <summary>The real loop over a packet socket in a namespace of its own, with a director's control queue as its control hook.</summary>
public sealed class ForwarderLoopControlTests
{
    /// <summary>
    /// An idle loop sleeps in poll up to a tick interval (5 s here). A listing is 64 steps, each posted when the previous
    /// one has completed: were every step to wait for a tick, the listing would span 64 ticks. It spans at most the
    /// first wait and a tick or two, because while a listing is open the loop waits at most 1 ms.
    /// </summary>
    [Fact]
    public async Task An_idle_loop_takes_the_steps_of_a_listing_one_after_the_other_without_waiting_for_ticks()
    {
        using var topology = NamespaceSet.Create();
        var a = topology.Add("a");
        var d = topology.Add("d");
        topology.AddVeth(a, "a0", null, d, "da", null);
        using var socket = NetworkNamespace.Run(d, () => PacketSocket.Open(NetworkNamespace.InterfaceIndex(d, "da")));
        var network = new FakeNetwork();
        var director = new Director(Options.Create(new DirectorOptions { ConnectionCapacity = 65_536 }), network, network, new FakeTimeProvider());
        var server = new RealServer(0xC612_010B, 8080);
        for (int n = 0; n < 65_536; n++)
        {
            director.Connections.TryAdd(new FlowKey(IpProtocol.Tcp, 0xC612_8000u + (uint)(n >> 10), (ushort)(1024 + (n & 1023)), 0xC612_0064, 80), server, out _);
        }

        int ticks = 0;
        using var loop = new ForwarderLoop(
            [socket],
            director.Processor,
            () =>
            {
                Interlocked.Increment(ref ticks);
                director.Tick();
            },
            Options.Create(new ForwarderLoopOptions { TickInterval = TimeSpan.FromSeconds(5) }),
            NullLogger<ForwarderLoop>.Instance,
            TimeProvider.System,
            director.RunQueued);
        using var stop = new CancellationTokenSource();
        var running = loop.Start(stop.Token);
        try
        {
            using var cursor = director.Connections.OpenSnapshot(slotsPerStep: 1024);
            Func<int> step = cursor.Step;
            int rows = 0, steps = 0;
            while (!cursor.IsComplete)
            {
                rows += await director.InvokeAsync(step).WaitAsync(TimeSpan.FromSeconds(30));
                steps++;
            }

            Assert.Equal((64, 65_536), (steps, rows));
            Assert.InRange(Volatile.Read(ref ticks), 0, 3);
        }
        finally
        {
            await stop.CancelAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
