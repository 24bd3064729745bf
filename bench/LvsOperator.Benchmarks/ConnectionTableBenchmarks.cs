using BenchmarkDotNet.Attributes;
using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;

namespace LvsOperator.Benchmarks;

/// <summary>
/// Connection table operations against a table holding 100k connections, per operation (OperationsPerInvoke over a
/// rotating set of flows so caches see a realistic spread). DictionaryLookup is the alternative index for comparison.
/// </summary>
[MemoryDiagnoser]
public class ConnectionTableBenchmarks
{
    private const int Entries = 100_000;
    private const int Batch = 1024;

    private readonly RealServer _server = new(0xC6130001, 8080);
    private ConnectionTable _table = null!;
    private FlowKey[] _present = null!;
    private FlowKey[] _replies = null!;
    private FlowKey[] _absent = null!;
    private Dictionary<FlowKey, int> _dictionary = null!;

    [GlobalSetup]
    public void Setup()
    {
        _table = new ConnectionTable(Entries + Batch, ConnectionTimeouts.Default, TimeProvider.System);
        _dictionary = new Dictionary<FlowKey, int>(Entries);
        var random = new Random(42);
        var all = new FlowKey[Entries];
        for (int i = 0; i < Entries; i++)
        {
            all[i] = new FlowKey(IpProtocol.Tcp, 0xC6120000u + (uint)random.Next(1 << 16), (ushort)random.Next(1024, 65535), 0xC6120064, 80);
            if (_table.TryAdd(all[i], _server, out int id) == ConnectionAddResult.Added)
            {
                _table.RecordInbound(id, 60, 0x02);
                _dictionary[all[i]] = id;
            }
        }

        _present = new FlowKey[Batch];
        _replies = new FlowKey[Batch];
        _absent = new FlowKey[Batch];
        for (int i = 0; i < Batch; i++)
        {
            _present[i] = all[random.Next(Entries)];
            _replies[i] = new FlowKey(IpProtocol.Tcp, _server.Address, _server.Port, _present[i].SourceAddress, _present[i].SourcePort);
            _absent[i] = new FlowKey(IpProtocol.Tcp, 0xC6130000u + (uint)i, 1, 0xC6120064, 80);
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int InboundLookup()
    {
        int found = 0;
        foreach (ref readonly var flow in _present.AsSpan())
        {
            found += _table.TryGetInbound(flow, out _) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int OutboundLookup()
    {
        int found = 0;
        foreach (ref readonly var flow in _replies.AsSpan())
        {
            found += _table.TryGetOutbound(flow, out _) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int DictionaryLookup()
    {
        int found = 0;
        foreach (ref readonly var flow in _present.AsSpan())
        {
            found += _dictionary.TryGetValue(flow, out _) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int LookupRecordPacket()
    {
        int state = 0;
        foreach (ref readonly var flow in _present.AsSpan())
        {
            if (_table.TryGetInbound(flow, out int id))
            {
                state += (int)_table.RecordInbound(id, 1500, 0x10);
            }
        }

        return state;
    }

    /// <summary>A new connection into the 100k table and its removal (the table stays at 100k).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int InsertAndRemove()
    {
        int added = 0;
        foreach (ref readonly var flow in _absent.AsSpan())
        {
            if (_table.TryAdd(flow, _server, out int id) == ConnectionAddResult.Added)
            {
                added++;
                _table.Remove(id);
            }
        }

        return added;
    }
}
