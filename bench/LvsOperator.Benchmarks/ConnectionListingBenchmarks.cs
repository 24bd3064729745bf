using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LvsOperator.Agent;
using LvsOperator.Agent.Http;
using LvsOperator.Dataplane.Forwarding;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LvsOperator.Benchmarks;

/// <summary>
/// The whole of GET /v1/connections over a full table of 1,048,576 entries while the forwarder thread forwards frames
/// flat out: the agent's writer, steps through the control queue, JSON into a body that discards it. Allocated is the
/// whole process (the writer's rows and strings; the forwarder thread itself allocates nothing, as a test checks).
/// After the run it prints the frames forwarded per listing, how long the forwarder spent on each step (median, 99th
/// percentile, longest) and the longest gap between two frames; <see cref="ForwardWithoutListing"/> gives the same
/// figures for as long without a listing, the machine's own noise (on shared cores a thread loses its core for ms).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ConnectionListingBenchmarks
{
    private readonly PipeWriter _body = PipeWriter.Create(Stream.Null);
    private ForwardingDataplane _dataplane = null!;
    private ConnectionListWriter _writer = null!;
    private long _framesBefore;
    private long _frames;
    private int _listings;
    private TimeSpan _longestGap;
    private readonly List<TimeSpan> _steps = [];
    private string _method = "";

    [Params(1024, 4096, 16384)]
    public int SlotsPerStep { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _dataplane = new ForwardingDataplane(DirectorOptions.DefaultConnectionCapacity);
        await _dataplane.StartAsync(CancellationToken.None);
        _writer = new ConnectionListWriter(_dataplane, Options.Create(new AgentOptions { ConnectionListStep = SlotsPerStep }), NullLogger<ConnectionListWriter>.Instance);
    }

    [IterationSetup]
    public void BeforeListing()
    {
        _dataplane.Reset();
        _framesBefore = _dataplane.Frames;
    }

    [IterationCleanup]
    public void AfterListing()
    {
        _frames += _dataplane.Frames - _framesBefore;
        _listings++;
        _longestGap = _dataplane.LongestGap > _longestGap ? _dataplane.LongestGap : _longestGap;
        _steps.AddRange(_dataplane.WorkDurations());
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _steps.Sort();
        TimeSpan At(double quantile) => _steps.Count == 0 ? TimeSpan.Zero : _steps[(int)Math.Min(_steps.Count - 1, quantile * _steps.Count)];
        Console.WriteLine($"// {_method} SlotsPerStep={SlotsPerStep}: {_frames / Math.Max(1, _listings):N0} frames forwarded per iteration; "
            + $"{_steps.Count / Math.Max(1, _listings)} steps per iteration, each {At(0.5).TotalMicroseconds:F0} µs (median), "
            + $"{At(0.99).TotalMicroseconds:F0} µs (p99), {At(1).TotalMicroseconds:F0} µs (longest); "
            + $"longest gap between two frames {_longestGap.TotalMicroseconds:F0} µs");
        await _dataplane.DisposeAsync();
    }

    [Benchmark]
    public async Task<int> ListWhileForwarding()
    {
        _method = nameof(ListWhileForwarding);
        using var cursor = _dataplane.Connections.OpenSnapshot(SlotsPerStep);
        await _dataplane.InvokeAsync(cursor.Step);
        await _writer.WriteListAsync(_body, cursor, CancellationToken.None);
        return cursor.Listed;
    }

    /// <summary>The baseline: forwarding alone for about as long as a listing takes.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> ForwardWithoutListing()
    {
        _method = nameof(ForwardWithoutListing);
        await Task.Delay(600);
        return 0;
    }
}
