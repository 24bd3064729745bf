using System.Threading.Channels;

namespace LvsOperator.Sandbox.ApiServer.Storage;

/// <summary>A watcher's private queue of events; objects in it are clones the watcher owns.</summary>
internal sealed class WatchSubscription(string storageKind, string? ns, Action<WatchSubscription> unsubscribe) : IDisposable
{
    private readonly Channel<StoredEvent> _events = Channel.CreateUnbounded<StoredEvent>(new UnboundedChannelOptions { SingleReader = true });

    public string StorageKind { get; } = storageKind;

    public string? Namespace { get; } = ns;

    public ChannelReader<StoredEvent> Events => _events.Reader;

    public bool Matches(ObjectKey key) =>
        key.StorageKind == StorageKind && (Namespace is null || key.Namespace == Namespace);

    public void Publish(StoredEvent e) => _events.Writer.TryWrite(e);

    public void Dispose()
    {
        unsubscribe(this);
        _events.Writer.TryComplete();
    }
}
