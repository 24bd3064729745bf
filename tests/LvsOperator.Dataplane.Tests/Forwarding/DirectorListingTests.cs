using System.Diagnostics;
using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Forwarding;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;
using LvsOperator.Dataplane.Services;
using LvsOperator.Dataplane.Tests.Packets;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace LvsOperator.Dataplane.Tests.Forwarding;

/// <summary>
/// A listing of the connection table through the director's control queue, with a test thread in the forwarder's
/// place: it processes a frame, then runs the queued control work (<see cref="Director.RunQueued"/>), and again, as the
/// forwarder loop does between batches.
/// </summary>
public sealed class DirectorListingTests(ITestOutputHelper output)
{
    private const uint Vip = 0xC612_0064;       // 198.18.0.100
    private const uint Rs1 = 0xC612_010B;       // 198.18.1.11
    private const uint Rs2 = 0xC612_010C;       // 198.18.1.12
    private const uint OldClients = 0xC612_8000; // 198.18.128.0 ..: the connections there before the listing
    private const uint NewClients = 0xC612_C800; // 198.18.200.0 ..: the ones opened during it

    /// <summary>
    /// The defect: one Snapshot call took the whole table on the forwarder thread, 147–449 ms at 1 Mi entries with no
    /// frame forwarded meanwhile. Now the same table is listed in steps, and frames are forwarded between every two of
    /// them (counted on the forwarder thread, not timed); the old single call fails the test as one step with nothing
    /// between. Meanwhile connections are removed and opened: every one live throughout is listed exactly once.
    /// </summary>
    [Fact]
    public async Task Frames_are_forwarded_between_every_two_steps_of_a_listing_of_a_full_table()
    {
        const int capacity = DirectorOptions.DefaultConnectionCapacity;
        const int prefilled = capacity - 65_536;
        const int maxNewConnections = 60_000;
        var director = NewDirector(capacity);
        var server = director.Services.Services.Single().RealServers[0];
        var ids = new int[prefilled];
        for (int n = 0; n < prefilled; n++)
        {
            if (director.Connections.TryAdd(Flow(OldClients, n), server, out ids[n]) != ConnectionAddResult.Added)
            {
                Assert.Fail($"prefilling connection {n} failed");
            }
        }

        long frames = 0, forwarded = 0;
        int newConnections = 0, removed = 0;
        var framesAtStep = new List<long>();
        using var cursor = director.Connections.OpenSnapshot();
        var listed = new byte[prefilled];
        var listedNew = new byte[maxNewConnections];
        int listingDone = 0;
        var forwarder = new Thread(() =>
        {
            // Bounded in frames and time whatever happens to the listing.
            var watch = Stopwatch.StartNew();
            while (Volatile.Read(ref listingDone) == 0 && frames < 20_000_000 && watch.Elapsed < TimeSpan.FromSeconds(120))
            {
                // A packet of a connection that lives throughout (n % 8 != 0); now and then a new connection, or the
                // end of one that does not live throughout (n % 8 == 0, removed as a RST or an expiry would).
                int n = (int)((frames * 7919) % prefilled) | 1;
                forwarded += Process(director, Flow(OldClients, n));
                if (frames % 16 == 0 && newConnections < maxNewConnections)
                {
                    forwarded += Process(director, Flow(NewClients, newConnections++));
                }
                else if (frames % 16 == 8 && removed * 8 < prefilled)
                {
                    director.Connections.Remove(ids[removed++ * 8]);
                }

                Interlocked.Increment(ref frames);
                director.RunQueued();
            }
        })
        { IsBackground = true, Name = "test forwarder" };
        forwarder.Start();
        try
        {
            await Task.Run(async () =>
            {
                while (!cursor.IsComplete)
                {
                    await director.InvokeAsync(() =>
                    {
                        framesAtStep.Add(Volatile.Read(ref frames)); // on the forwarder thread, at the step itself
                        return cursor.Step();
                    }).WaitAsync(TimeSpan.FromSeconds(60));
                    foreach (var row in cursor.Chunk)
                    {
                        Mark(row, listed, listedNew);
                    }
                }
            });
        }
        finally
        {
            Volatile.Write(ref listingDone, 1);
            forwarder.Join();
        }

        var between = framesAtStep.Zip(framesAtStep.Skip(1), (a, b) => b - a).ToList();
        output.WriteLine($"{framesAtStep.Count} steps over {capacity:N0} slots; {framesAtStep[^1] - framesAtStep[0]:N0} frames between the first and the last "
            + $"(fewest between two steps {between.DefaultIfEmpty().Min()}); {removed:N0} connections removed and {newConnections:N0} opened meanwhile");
        Assert.True(framesAtStep[^1] > framesAtStep[0], "no frame was forwarded while the listing ran");
        Assert.Equal(capacity / ConnectionSnapshotCursor.DefaultSlotsPerStep, framesAtStep.Count);
        Assert.All(between, count => Assert.True(count >= 1, "two steps ran with no frame processed between them"));
        Assert.Equal(frames + newConnections, forwarded);

        var liveThroughout = Enumerable.Range(0, prefilled).Where(n => n % 8 != 0 || n / 8 >= removed);
        Assert.DoesNotContain(liveThroughout, n => listed[n] != 1);
        Assert.DoesNotContain(listed, count => count > 1);
        Assert.DoesNotContain(listedNew, count => count > 1);
        Assert.Equal(cursor.Listed, cursor.Total);
        Assert.True(removed > 0 && newConnections > 0, "nothing changed during the listing");
    }

    /// <summary>Once the cursor's buffer is rented (on the caller's thread), a step costs the forwarder thread no allocation, the queue's hand-over included.</summary>
    [Fact]
    public async Task A_step_posted_through_the_control_queue_allocates_nothing_on_the_forwarder_thread()
    {
        const int capacity = 65_536;
        var director = NewDirector(capacity);
        var server = director.Services.Services.Single().RealServers[0];
        for (int n = 0; n < capacity; n++)
        {
            director.Connections.TryAdd(Flow(OldClients, n), server, out _);
        }

        int phase = 0; // 0 warming up, 1 measuring, 2 done
        long allocated = -1;
        var forwarder = new Thread(() =>
        {
            var watch = Stopwatch.StartNew();
            long before = 0;
            while (Volatile.Read(ref phase) < 2 && watch.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (Volatile.Read(ref phase) == 1 && before == 0)
                {
                    before = GC.GetAllocatedBytesForCurrentThread();
                }

                director.RunQueued();
            }

            director.RunQueued();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        })
        { IsBackground = true, Name = "test forwarder" };
        forwarder.Start();

        int rows = 0;
        await Task.Run(async () =>
        {
            for (int listing = 0; listing < 3; listing++)
            {
                using var cursor = director.Connections.OpenSnapshot(slotsPerStep: 1024);
                Func<int> step = cursor.Step;
                await director.InvokeAsync(step).ConfigureAwait(false); // the first step of each listing is not measured: JIT, tiering
                Volatile.Write(ref phase, listing == 2 ? 1 : 0);
                while (!cursor.IsComplete)
                {
                    rows += await director.InvokeAsync(step).ConfigureAwait(false);
                }
            }

            Volatile.Write(ref phase, 2);
        });
        forwarder.Join();

        Assert.Equal(3 * (capacity - 1024), rows);
        Assert.Equal(0, allocated);
    }

    private static Director NewDirector(int capacity)
    {
        var network = new FakeNetwork();
        var director = new Director(Options.Create(new DirectorOptions { ConnectionCapacity = capacity }), network, network, new FakeTimeProvider());
        Assert.Empty(director.Services.Apply(
            [new VirtualServerSpec(IpProtocol.Udp, Vip, 53, "rr", null, [new RealServerSpec(Rs1, 5353, 1), new RealServerSpec(Rs2, 5353, 1)])]).Errors);
        return director;
    }

    /// <summary>Distinct UDP flows to the VIP: 1,024 ports on each client address from <paramref name="clients"/> on.</summary>
    private static FlowKey Flow(uint clients, int n) =>
        new(IpProtocol.Udp, clients + (uint)(n >> 10), (ushort)(1024 + (n & 1023)), Vip, 53);

    private static int Process(Director director, FlowKey flow)
    {
        var frame = PacketFactory.Ethernet(FakeNetwork.DirectorClientMac, FakeNetwork.ClientMac, EtherType.Ipv4,
            PacketFactory.Udp(flow.SourceAddress, flow.SourcePort, flow.DestinationAddress, flow.DestinationPort, payloadLength: 8));
        return director.Processor.Process(frame, FakeNetwork.ClientSide, PacketMetadata.None).Action == ForwardingAction.Forward ? 1 : 0;
    }

    private static void Mark(in ConnectionSnapshot row, byte[] listed, byte[] listedNew)
    {
        var (clients, into) = row.ClientAddress >= NewClients ? (NewClients, listedNew) : (OldClients, listed);
        int index = ((int)(row.ClientAddress - clients) << 10) + row.ClientPort - 1024;
        if (index < 0 || index >= into.Length)
        {
            Assert.Fail($"a row that was never a connection: {Ipv4Format.ToString(row.ClientAddress)}:{row.ClientPort}");
        }

        into[index]++;
    }
}
