using System.Collections.Concurrent;
using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Routing;
using LvsOperator.Dataplane.Services;
using Microsoft.Extensions.Options;

namespace LvsOperator.Dataplane.Forwarding;

/// <summary>
/// One director's data plane: the service and connection tables and the packet processor over them. The forwarder
/// loop is given <see cref="Processor"/> for every frame, calls <see cref="RunQueued"/> between batches and
/// <see cref="Tick"/> every tick interval; every other thread reaches the tables only through
/// <see cref="InvokeAsync{T}"/>, which runs the work on the forwarder thread between two batches, so the packet path
/// needs no locks. Work posted that way must be short: a long job (listing the connections) is posted as a series of
/// bounded steps, each asked for when the previous one has completed (<see cref="ConnectionSnapshotCursor"/>).
/// </summary>
public sealed class Director
{
    private readonly ConcurrentQueue<Action> _pending = new();
    private int _queued;

    public Director(IOptions<DirectorOptions> options, INextHopResolver nextHops, ILocalInterfaces interfaces, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        Connections = new ConnectionTable(settings.ConnectionCapacity, settings.Timeouts, timeProvider);
        Services = new ServiceTable(Connections, timeProvider, settings.PersistenceCapacity);
        Processor = new PacketProcessor(Services, Connections, nextHops, interfaces);
    }

    public ServiceTable Services { get; }

    public ConnectionTable Connections { get; }

    /// <summary>The per-frame decision over these tables; hand it to the <see cref="ForwarderLoop"/>.</summary>
    public PacketProcessor Processor { get; }

    /// <summary>
    /// Forwarder thread, between batches: runs the control work queued before this call, not what arrives while it runs,
    /// so a stream of requests (a listing's steps, each posted as the previous one completes) cannot keep the thread
    /// from the packets. True while control work is queued or a listing is open, so that the loop does not sleep long
    /// before the next request.
    /// </summary>
    public bool RunQueued()
    {
        int queued = Volatile.Read(ref _queued);
        for (int i = 0; i < queued && _pending.TryDequeue(out var work); i++)
        {
            Interlocked.Decrement(ref _queued);
            work();
        }

        return Volatile.Read(ref _queued) > 0 || Connections.OpenSnapshots > 0;
    }

    /// <summary>Forwarder thread, every tick interval: applies queued control work, then expires idle connections and persistence templates.</summary>
    public void Tick()
    {
        RunQueued();
        Connections.Expire();
        foreach (var service in Services.Services)
        {
            service.Persistence?.Expire(ConnectionTable.DefaultExpireScan);
        }
    }

    /// <summary>Runs <paramref name="work"/> on the forwarder thread between two batches and returns its result.</summary>
    public Task<T> InvokeAsync<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.Enqueue(() =>
        {
            try
            {
                completion.SetResult(work());
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        });
        Interlocked.Increment(ref _queued);
        return completion.Task;
    }
}
