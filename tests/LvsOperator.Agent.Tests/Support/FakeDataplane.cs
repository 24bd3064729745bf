using LvsOperator.Agent.Dataplane;
using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Forwarding;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Routing;
using LvsOperator.Dataplane.Services;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Tests.Support;

/// <summary>
/// The real <see cref="Director"/> without packet I/O: a thread plays the forwarder loop's part by calling Tick, so
/// InvokeAsync runs work on "the forwarder thread" exactly as in production. Records guard and ARP calls.
/// </summary>
internal sealed class FakeDataplane : IDataplane
{
    private readonly Director _director;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;
    private int _invocations;

    public FakeDataplane(int capacity = 1024, TimeProvider? timeProvider = null)
    {
        _director = new Director(Options.Create(new DirectorOptions { ConnectionCapacity = capacity }), new NoRoutes(), new NoRoutes(), timeProvider ?? TimeProvider.System);
    }

    public ServiceTable Services => _director.Services;

    public ConnectionTable Connections => _director.Connections;

    public bool IsRunning => _thread is { IsAlive: true };

    public List<GuardRules> Guards { get; } = [];

    public List<uint> Announced { get; } = [];

    public bool GuardRemoved { get; private set; }

    public Exception? GuardFailure { get; set; }

    /// <summary>Thrown by <see cref="InvokeAsync{T}"/> while set: a data plane failing where nothing should.</summary>
    public Exception? InvokeFailure { get; set; }

    /// <summary>While set, the calls of <see cref="InvokeAsync{T}"/> past this many wait for <see cref="Release"/>: a forwarder that stalls.</summary>
    public int? HoldInvocationsAfter { get; set; }

    /// <summary>Calls of <see cref="InvokeAsync{T}"/> so far.</summary>
    public int Invocations => Volatile.Read(ref _invocations);

    public void Release() => _released.TrySetResult();

    public DataplaneStatistics Statistics { get; set; } = DataplaneStatistics.Empty;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _thread = new Thread(() =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _director.Tick();
                Thread.Sleep(2);
            }
        })
        { IsBackground = true, Name = "fake forwarder" };
        _thread.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        _thread?.Join();
        GuardRemoved = true;
    }

    public Task<T> InvokeAsync<T>(Func<T> action)
    {
        if (InvokeFailure is { } failure)
        {
            throw failure;
        }

        return Interlocked.Increment(ref _invocations) > HoldInvocationsAfter ? HeldAsync(action) : _director.InvokeAsync(action);
    }

    public Task InstallGuardAsync(GuardRules rules, CancellationToken cancellationToken)
    {
        lock (Guards)
        {
            Guards.Add(rules);
        }

        return GuardFailure is { } failure ? Task.FromException(failure) : Task.CompletedTask;
    }

    public void AnnounceVips(IReadOnlyCollection<uint> vips)
    {
        lock (Announced)
        {
            Announced.AddRange(vips);
        }
    }

    public DataplaneStatistics ReadStatistics() => Statistics;

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync(CancellationToken.None);
        }

        _stop.Dispose();
    }

    private async Task<T> HeldAsync<T>(Func<T> action)
    {
        await _released.Task;
        return await _director.InvokeAsync(action);
    }

    private sealed class NoRoutes : INextHopResolver, ILocalInterfaces
    {
        public bool TryResolve(uint destinationAddress, out NextHop nextHop)
        {
            nextHop = default;
            return false;
        }

        public bool TryGetMac(int interfaceIndex, out MacAddress mac)
        {
            mac = default;
            return false;
        }

        public bool TryGetAddress(int interfaceIndex, out uint address)
        {
            address = 0;
            return false;
        }

        public bool IsOwnAddress(uint address) => false;
    }
}
