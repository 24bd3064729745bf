using BenchmarkDotNet.Attributes;
using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Forwarding;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;

namespace LvsOperator.Benchmarks;

/// <summary>
/// One step of a connection listing over a full table of 1,048,576 entries (the agent's default capacity): the work the
/// forwarder thread does per control run while /v1/connections is read, and so the longest a listing holds packets up.
/// A listing is Capacity / SlotsPerStep such steps with packets between them.
/// </summary>
[MemoryDiagnoser]
public class ConnectionSnapshotBenchmarks
{
    private const int Capacity = DirectorOptions.DefaultConnectionCapacity;

    private ConnectionTable _table = null!;
    private ConnectionSnapshotCursor _cursor = null!;

    [Params(1024, 4096, 16384)]
    public int SlotsPerStep { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _table = new ConnectionTable(Capacity, ConnectionTimeouts.Default, TimeProvider.System);
        var server = new RealServer(0xC613_0105, 8080);
        for (int n = 0; n < Capacity; n++)
        {
            _table.TryAdd(new FlowKey(IpProtocol.Tcp, 0xC612_8000u + (uint)(n >> 10), (ushort)(1024 + (n & 1023)), 0xC612_0064, 80), server, out _);
        }

        _cursor = _table.OpenSnapshot(SlotsPerStep);
    }

    [GlobalCleanup]
    public void Cleanup() => _cursor.Dispose();

    /// <summary>The next step; at the end of the table a new listing begins (a rent from the pool every Capacity / SlotsPerStep steps).</summary>
    [Benchmark]
    public int Step()
    {
        if (_cursor.IsComplete)
        {
            _cursor.Dispose();
            _cursor = _table.OpenSnapshot(SlotsPerStep);
        }

        return _cursor.Step();
    }
}
