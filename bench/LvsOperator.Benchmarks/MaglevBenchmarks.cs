using BenchmarkDotNet.Attributes;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;

namespace LvsOperator.Benchmarks;

/// <summary>
/// Maglev with 1,000 backends and the default 65,537-slot table: building it and picking a backend. Every rebuild is a
/// whole build (the table is a pure function of the set); what differs is whether the arrays already exist.
/// </summary>
[MemoryDiagnoser]
public class MaglevBenchmarks
{
    private const int Backends = 1000;

    private RealServer[] _all = null!;
    private RealServer[] _withoutOne = null!;
    private RealServer[] _weighted = null!;
    private RealServer[] _towering = null!;
    private Maglev _changing = null!;
    private Maglev _reused = null!;
    private Maglev _lookup = null!;
    private FlowKey[] _flows = null!;
    private bool _full;

    [GlobalSetup]
    public void Setup()
    {
        _all = Servers(_ => 1);
        _withoutOne = _all[1..];
        var weights = new Random(11);
        _weighted = Servers(_ => weights.Next(1, 1001));
        _towering = Servers(i => i == 0 ? 65535 : 1);
        _reused = new Maglev();
        _reused.Rebuild(_weighted);
        _changing = new Maglev();
        _changing.Rebuild(_all);
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

    private static RealServer[] Servers(Func<int, int> weight)
    {
        var servers = new RealServer[Backends];
        for (int i = 0; i < Backends; i++)
        {
            servers[i] = new RealServer(0xC6130000u + (uint)i, 8080, weight(i));
        }

        return servers;
    }

    /// <summary>A first build, the table's allocation included.</summary>
    [Benchmark]
    public void RebuildFresh() => new Maglev().Rebuild(_all);

    /// <summary>The control-plane case: one backend leaves or comes back; arrays are reused (0 B allocated).</summary>
    [Benchmark]
    public void RebuildOneChanged()
    {
        _changing.Rebuild(_full ? _withoutOne : _all);
        _full = !_full;
    }

    /// <summary>Weights 1..1000: turns are taken in proportion to them.</summary>
    [Benchmark]
    public void RebuildWeighted() => _reused.Rebuild(_weighted);

    /// <summary>One weight towers over the rest (65535 and 999 × 1): the turns go through a heap instead.</summary>
    [Benchmark]
    public void RebuildTowering() => _reused.Rebuild(_towering);

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
