using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;
using LvsOperator.Dataplane.Tests.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Dataplane.Tests.Connections;

public sealed class ConnectionSnapshotCursorTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RealServer _server = new(0xC6130001, 8080);

    private ConnectionTable Table(int capacity) => new(capacity, ConnectionTimeouts.Default, _time);

    /// <summary>Distinct flows for n = 0 .. 2^20: 1,024 client addresses times 1,024 ports.</summary>
    private static FlowKey Flow(int n) => TestFlows.Udp(0xC6128000u + (uint)(n >> 10), (ushort)(1024 + (n & 1023)));

    private static int FlowNumber(in ConnectionSnapshot row) => (int)((row.ClientAddress - 0xC6128000u) << 10) + (row.ClientPort - 1024);

    private int[] Fill(ConnectionTable table, int count)
    {
        var ids = new int[count];
        for (int n = 0; n < count; n++)
        {
            Assert.Equal(ConnectionAddResult.Added, table.TryAdd(Flow(n), _server, out ids[n]));
        }

        return ids;
    }

    [Fact]
    public void Each_step_scans_its_share_of_slots_and_the_steps_together_list_every_connection_once()
    {
        var table = Table(1000);
        Fill(table, 1000);
        using var cursor = table.OpenSnapshot(slotsPerStep: 64);
        var chunks = new List<int>();
        var seen = new int[1000];

        while (!cursor.IsComplete)
        {
            chunks.Add(cursor.Step());
            foreach (var row in cursor.Chunk)
            {
                seen[FlowNumber(row)]++;
            }
        }

        // A full table: every slot is live, so each step's rows are exactly the slots it scanned.
        Assert.Equal([.. Enumerable.Repeat(64, 15), 1000 - (15 * 64)], chunks);
        Assert.All(seen, count => Assert.Equal(1, count));
        Assert.Equal((1000, 1000, false), (cursor.Listed, cursor.Total, cursor.Truncated));
        Assert.Equal(0, cursor.Step());
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(100, 100)]
    [InlineData(700, 700)]
    [InlineData(int.MaxValue, 700)]
    public void A_limit_caps_the_rows_and_the_total_still_counts_every_live_connection(int limit, int listed)
    {
        var table = Table(1000);
        var ids = Fill(table, 900);
        for (int n = 0; n < 200; n++)
        {
            table.Remove(ids[n * 4]); // holes spread over the slots
        }

        using var cursor = table.OpenSnapshot(slotsPerStep: 64, limit: limit);
        var rows = new List<ConnectionSnapshot>();
        while (!cursor.IsComplete)
        {
            cursor.Step();
            rows.AddRange(cursor.Chunk);
        }

        Assert.Equal(listed, rows.Count);
        Assert.Equal((listed, 700, listed < 700), (cursor.Listed, cursor.Total, cursor.Truncated));
        Assert.Equal(rows.Count, rows.Select(row => FlowNumber(row)).Distinct().Count());
        Assert.DoesNotContain(rows, row => FlowNumber(row) % 4 == 0 && FlowNumber(row) < 800);
    }

    [Fact]
    public void Expired_connections_are_neither_listed_nor_counted_even_before_the_sweep_removes_them()
    {
        var table = Table(64);
        table.TryAdd(TestFlows.Udp(TestFlows.Client(1), 1000), _server, out _);
        _time.Advance(TimeSpan.FromSeconds(200));
        table.Expire(maxScan: 0); // the table's clock moves on; no slot is swept
        table.TryAdd(TestFlows.Udp(TestFlows.Client(2), 1000), _server, out _);
        _time.Advance(TimeSpan.FromSeconds(200)); // the first is past its 300 s, the second is not

        var row = Assert.Single(table.ListAll());

        Assert.Equal(TestFlows.Client(2), row.ClientAddress);
        Assert.Equal(TimeSpan.FromSeconds(100), row.ExpiresIn);
        Assert.Equal(2, table.Count);
    }

    /// <summary>
    /// Between steps the "forwarder" removes connections and opens new ones, as packets do during a real listing. Seeded:
    /// each seed is one fixed history.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Connections_live_throughout_appear_exactly_once_while_others_come_and_go_between_steps(int seed)
    {
        const int capacity = 4096, prefilled = 3000;
        var random = new Random(seed);
        var table = Table(capacity);
        var ids = Fill(table, prefilled);
        var removed = new HashSet<int>();
        int next = prefilled;
        var seen = new Dictionary<int, int>();
        using var cursor = table.OpenSnapshot(slotsPerStep: 100);

        while (!cursor.IsComplete)
        {
            cursor.Step();
            foreach (var row in cursor.Chunk)
            {
                seen[FlowNumber(row)] = seen.GetValueOrDefault(FlowNumber(row)) + 1;
            }

            for (int change = 0; change < 40; change++)
            {
                int victim = random.Next(prefilled);
                if (removed.Add(victim))
                {
                    table.Remove(ids[victim]);
                }

                if (table.TryAdd(Flow(next), _server, out _) == ConnectionAddResult.Added)
                {
                    next++;
                }
            }
        }

        var liveThroughout = Enumerable.Range(0, prefilled).Where(n => !removed.Contains(n));
        Assert.DoesNotContain(liveThroughout, n => seen.GetValueOrDefault(n) != 1);
        Assert.All(seen, pair => Assert.InRange(pair.Value, 1, 1)); // nothing twice: no flow was opened again
        Assert.All(seen.Keys, n => Assert.InRange(n, 0, next - 1)); // nothing that never existed
        Assert.Equal(seen.Count, cursor.Total);
        Assert.True(removed.Count > 0 && next > prefilled, "the history changed nothing");
    }

    [Fact]
    public void A_cursor_disposed_before_its_queued_step_runs_gives_that_step_nothing_to_do()
    {
        var table = Table(64);
        Fill(table, 10);
        var cursor = table.OpenSnapshot();
        Assert.Equal(1, table.OpenSnapshots);

        cursor.Dispose();
        cursor.Dispose();

        Assert.Equal(0, table.OpenSnapshots);
        Assert.Equal(0, cursor.Step());
        Assert.Throws<ObjectDisposedException>(() => cursor.Chunk.Length);
    }

    [Fact]
    public async Task A_cursor_disposed_while_its_step_runs_lets_the_step_finish_and_then_does_nothing()
    {
        var time = new BlockingTimeProvider();
        var table = new ConnectionTable(64, ConnectionTimeouts.Default, time);
        for (int n = 0; n < 10; n++)
        {
            table.TryAdd(Flow(n), _server, out _);
        }

        var cursor = table.OpenSnapshot();
        time.BlockNextRead();
        var step = Task.Run(cursor.Step);
        Assert.True(time.Blocked.Wait(TimeSpan.FromSeconds(30)), "the step never began");

        cursor.Dispose();
        time.Unblock();

        Assert.Equal(10, await step.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, table.OpenSnapshots);
        Assert.Equal(0, cursor.Step());
        Assert.Throws<ObjectDisposedException>(() => cursor.Chunk.Length);
    }

    [Fact]
    public void Bad_arguments_are_refused_before_anything_is_rented()
    {
        var table = Table(64);

        Assert.Throws<ArgumentOutOfRangeException>(() => table.OpenSnapshot(slotsPerStep: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.OpenSnapshot(limit: -1));
        Assert.Equal(0, table.OpenSnapshots);
    }

    /// <summary>The system clock, except that one chosen read waits until released: a step caught halfway.</summary>
    private sealed class BlockingTimeProvider : TimeProvider
    {
        private readonly ManualResetEventSlim _release = new(false);
        private volatile bool _blockNext;

        public ManualResetEventSlim Blocked { get; } = new(false);

        public void BlockNextRead() => _blockNext = true;

        public void Unblock() => _release.Set();

        public override long GetTimestamp()
        {
            if (_blockNext)
            {
                _blockNext = false;
                Blocked.Set();
                _release.Wait(TimeSpan.FromSeconds(30));
            }

            return base.GetTimestamp();
        }
    }
}
