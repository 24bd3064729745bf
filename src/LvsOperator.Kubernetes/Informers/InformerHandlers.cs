using Microsoft.Extensions.Logging;

namespace LvsOperator.Kubernetes.Informers;

/// <summary>
/// An informer's event handlers: called one after another, each shielded from the others' exceptions (a handler is
/// the caller's code; one bug must not starve the other handlers or stall the cache). Guarded by the informer's
/// delivery lock, so handlers never run concurrently and additions never miss or double an event.
/// </summary>
internal sealed partial class InformerHandlers<T>(ILogger logger, string kind)
    where T : class
{
    private Action<ResourceEvent<T>>[] _handlers = [];

    public void Add(Action<ResourceEvent<T>> handler) => _handlers = [.. _handlers, handler];

    public void Remove(Action<ResourceEvent<T>> handler) => _handlers = Array.FindAll(_handlers, h => h != handler);

    public void Deliver(ResourceEvent<T> e)
    {
        foreach (var handler in _handlers)
        {
            DeliverTo(handler, e);
        }
    }

    public void DeliverTo(Action<ResourceEvent<T>> handler, ResourceEvent<T> e)
    {
        try
        {
            handler(e);
        }
#pragma warning disable CA1031 // see the class comment
        catch (Exception error)
#pragma warning restore CA1031
        {
            LogHandlerFailed(logger, error, kind, e.Type);
        }
    }

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "{Kind}: an event handler threw on {Type}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception error, string kind, ResourceEventType type);
}
