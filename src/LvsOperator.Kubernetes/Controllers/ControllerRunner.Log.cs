using Microsoft.Extensions.Logging;

namespace LvsOperator.Kubernetes.Controllers;

public sealed partial class ControllerRunner<TKey>
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Controller {Controller} starting {Workers} workers")]
    private static partial void LogStarting(ILogger logger, string controller, int workers);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Controller {Controller} stopped")]
    private static partial void LogStopped(ILogger logger, string controller);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Controller {Controller}: reconcile of {Key} threw (retry {Retries}, with backoff)")]
    private static partial void LogReconcileThrew(ILogger logger, Exception error, string controller, object key, int retries);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Controller {Controller}: reconcile of {Key} failed: {Message} (retry {Retries}, with backoff)")]
    private static partial void LogReconcileFailed(ILogger logger, string controller, object key, string message, int retries);
}
