using System.Collections.Concurrent;
using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Routing;
using LvsOperator.Dataplane.Services;
using Microsoft.Extensions.Options;

namespace LvsOperator.Dataplane.Forwarding;

/// <summary>
/// One director's data plane: the service and connection tables and the packet processor over them. The forwarder
/// loop is given <see cref="Processor"/> for every frame and calls <see cref="Tick"/> between batches; every other
/// thread reaches the tables only through <see cref="InvokeAsync{T}"/>, which runs the work on the forwarder thread at
/// its next tick, so the packet path needs no locks.
/// </summary>
public sealed class Director
{
    private readonly ConcurrentQueue<Action> _pending = new();

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

    /// <summary>Forwarder thread, between batches: applies queued control work, then expires idle connections and persistence templates.</summary>
    public void Tick()
    {
        while (_pending.TryDequeue(out var work))
        {
            work();
        }

        Connections.Expire();
        foreach (var service in Services.Services)
        {
            service.Persistence?.Expire(ConnectionTable.DefaultExpireScan);
        }
    }

    /// <summary>Runs <paramref name="work"/> on the forwarder thread at its next tick and returns its result.</summary>
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
        return completion.Task;
    }
}
