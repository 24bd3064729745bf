using BenchmarkDotNet.Attributes;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;

namespace LvsOperator.Benchmarks;

/// <summary>Maglev with 1,000 backends and the default 65,537-slot table: building it and picking a backend.</summary>
[MemoryDiagnoser]
public class MaglevBenchmarks
{
    private const int Backends = 1000;

    private RealServer[] _all = null!;
    private RealServer[] _withoutOne = null!;
    private Maglev _incremental = null!;
    private Maglev _lookup = null!;
    private FlowKey[] _flows = null!;
    private bool _full;

    [GlobalSetup]
    public void Setup()
    {
        _all = new RealServer[Backends];
        for (int i = 0; i < Backends; i++)
        {
            _all[i] = new RealServer(0xC6130000u + (uint)i, 8080, 1);
        }

        _withoutOne = _all[1..];
        _incremental = new Maglev();
        _incremental.Rebuild(_all);
        _full = true;
        _lookup = new Maglev();
        _lookup.Rebuild(_all);
        _flows = new FlowKey[1024];
        var random = new Random(7);
        for (int i = 0; i < _flows.Length; i++)
        {
            _flows[i] = new FlowKey(IpProtocol.Tcp, (uint)random.Next(), (ushort)random.Next(1024, 65535), 0xC6120064, 80);
        }
    }

    /// <summary>A first build: every slot filled from the backends' permutations.</summary>
    [Benchmark]
    public void RebuildFresh() => new Maglev().Rebuild(_all);

    /// <summary>The control-plane case: one backend leaves or comes back; arrays are reused.</summary>
    [Benchmark]
    public void RebuildOneChanged()
    {
        _incremental.Rebuild(_full ? _withoutOne : _all);
        _full = !_full;
    }

    [Benchmark(OperationsPerInvoke = 1024)]
    public int Schedule()
    {
        int sum = 0;
        foreach (ref readonly var flow in _flows.AsSpan())
        {
            sum += _lookup.Schedule(flow)!.Port;
        }

        return sum;
    }
}
