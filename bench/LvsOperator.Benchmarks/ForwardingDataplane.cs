using System.Diagnostics;
using LvsOperator.Agent.Dataplane;
using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Forwarding;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Services;
using Microsoft.Extensions.Options;

namespace LvsOperator.Benchmarks;

/// <summary>
/// A director under load without sockets: a full connection table, and a forwarder thread that processes one frame of
/// an established connection after another and runs the control queue after each, as the loop does between batches.
/// Counts the frames, times every piece of control work (a listing's step) and keeps the longest gap between two
/// frames, whatever its cause: control work, a garbage collection, the thread losing its core to another process.
/// </summary>
internal sealed class ForwardingDataplane : IDataplane
{
    private const uint Client = 0xC612_0A01, Vip = 0xC612_0064, RealServer = 0xC613_0105;

    private readonly Director _director;
    private readonly byte[] _template;
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private readonly long[] _workTicks = new long[1 << 16];
    private long _frames;
    private long _longestGap;
    private int _works;

    public ForwardingDataplane(int capacity)
    {
        var network = new StaticNetwork();
        _director = new Director(Options.Create(new DirectorOptions { ConnectionCapacity = capacity }), network, network, TimeProvider.System);
        _director.Services.Apply([new VirtualServerSpec(IpProtocol.Udp, Vip, 53, "rr", null, [new RealServerSpec(RealServer, 5353, 1)])]);
        var server = _director.Services.Services[0].RealServers[0];
        for (int n = 0; n < capacity - 1; n++)
        {
            // 198.18.128.0 and on, 1,024 ports each; the last slot is left for the flow the forwarder's frames belong to.
            _director.Connections.TryAdd(new FlowKey(IpProtocol.Udp, 0xC612_8000u + (uint)(n >> 10), (ushort)(1024 + (n & 1023)), Vip, 53), server, out _);
        }

        _template = UdpFrame(Client, 40000, Vip, 53);
        if (_director.Processor.Process(_template.ToArray(), 1, PacketMetadata.None).Action != ForwardingAction.Forward)
        {
            throw new InvalidOperationException("the benchmark's own flow was not forwarded");
        }
    }

    public ServiceTable Services => _director.Services;

    public ConnectionTable Connections => _director.Connections;

    public bool IsRunning => _thread is { IsAlive: true };

    public long Frames => Volatile.Read(ref _frames);

    /// <summary>The longest time between the starts of two consecutive frames since the last <see cref="Reset"/>.</summary>
    public TimeSpan LongestGap => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _longestGap));

    /// <summary>Clears the longest gap and the work timings; call it while no control work is queued.</summary>
    public void Reset()
    {
        Volatile.Write(ref _longestGap, 0);
        Volatile.Write(ref _works, 0);
    }

    /// <summary>How long each piece of control work took since <see cref="Reset"/>, shortest first.</summary>
    public TimeSpan[] WorkDurations()
    {
        var durations = new TimeSpan[Math.Min(Volatile.Read(ref _works), _workTicks.Length)];
        for (int i = 0; i < durations.Length; i++)
        {
            durations[i] = Stopwatch.GetElapsedTime(0, _workTicks[i]);
        }

        Array.Sort(durations);
        return durations;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _thread = new Thread(Forward) { IsBackground = true, Name = "bench forwarder" };
        _thread.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stop.Cancel();
        _thread?.Join();
        return Task.CompletedTask;
    }

    public Task<T> InvokeAsync<T>(Func<T> action) => _director.InvokeAsync(() =>
    {
        long start = Stopwatch.GetTimestamp();
        var result = action();
        _workTicks[_works++ & (_workTicks.Length - 1)] = Stopwatch.GetTimestamp() - start;
        return result;
    });

    public Task InstallGuardAsync(GuardRules rules, CancellationToken cancellationToken) => Task.CompletedTask;

    public void AnnounceVips(IReadOnlyCollection<uint> vips)
    {
    }

    public DataplaneStatistics ReadStatistics() => DataplaneStatistics.Empty;

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stop.Dispose();
    }

    private void Forward()
    {
        var frame = new byte[_template.Length];
        long last = Stopwatch.GetTimestamp();
        while (!_stop.IsCancellationRequested)
        {
            long now = Stopwatch.GetTimestamp();
            if (now - last > _longestGap)
            {
                Volatile.Write(ref _longestGap, now - last);
            }

            last = now;
            _template.CopyTo(frame, 0);
            _director.Processor.Process(frame, 1, PacketMetadata.None);
            Volatile.Write(ref _frames, _frames + 1);
            _director.RunQueued();
        }
    }

    private static byte[] UdpFrame(uint source, ushort sourcePort, uint destination, ushort destinationPort)
    {
        var frame = new byte[14 + 20 + 8 + 32];
        EthernetFrame.WriteHeader(frame, new MacAddress(0x02_00_00_00_00_01), new MacAddress(0x02_00_00_00_00_02), EtherType.Ipv4);
        var ip = frame.AsSpan(14);
        ip[0] = 0x45;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)ip.Length);
        ip[8] = 64;
        ip[9] = (byte)IpProtocol.Udp;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(ip[12..], source);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(ip[16..], destination);
        Ipv4Header.WriteChecksum(ip[..20]);
        var udp = ip[20..];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(udp[2..], destinationPort);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udp.Length);
        return frame;
    }
}
