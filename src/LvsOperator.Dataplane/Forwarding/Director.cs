using System.Collections.Concurrent;
using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Routing;
using LvsOperator.Dataplane.Services;
using Microsoft.Extensions.Options;

namespace LvsOperator.Dataplane.Forwarding;

/// <summary>
/// One director's data plane: the service and connection tables and the packet processor over them. The forwarder
/// thread calls <see cref="Process"/> per frame and <see cref="Tick"/> between batches; every other thread reaches the
/// tables only through <see cref="InvokeAsync{T}"/>, which runs the work on the forwarder thread at its next tick, so
/// the packet path needs no locks.
/// </summary>
public sealed class Director : IFrameProcessor
{
    private readonly ConcurrentQueue<Action> _pending = new();
    private readonly PacketProcessor _processor;

    public Director(IOptions<DirectorOptions> options, INextHopResolver nextHops, ILocalInterfaces interfaces, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        Connections = new ConnectionTable(settings.ConnectionCapacity, settings.Timeouts, timeProvider);
        Services = new ServiceTable(Connections, timeProvider, settings.PersistenceCapacity);
        _processor = new PacketProcessor(Services, Connections, nextHops, interfaces);
    }

    public ServiceTable Services { get; }

    public ConnectionTable Connections { get; }

    public ForwardingDecision Process(Span<byte> frame, int ingressInterfaceIndex, in PacketMetadata metadata) =>
        _processor.Process(frame, ingressInterfaceIndex, metadata);

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

    /// <summary>Applies a desired configuration on the forwarder thread (see <see cref="ServiceTable.Apply"/>).</summary>
    public Task<ServiceTableChanges> ApplyAsync(IReadOnlyList<VirtualServerSpec> desired) => InvokeAsync(() => Services.Apply(desired));

    /// <summary>A copy of the connection table, taken on the forwarder thread.</summary>
    public Task<IReadOnlyList<ConnectionSnapshot>> SnapshotConnectionsAsync() => InvokeAsync(Connections.Snapshot);
}
