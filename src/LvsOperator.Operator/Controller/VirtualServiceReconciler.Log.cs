using Microsoft.Extensions.Logging;

namespace LvsOperator.Operator.Controller;

internal sealed partial class VirtualServiceReconciler
{
    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "VirtualService {Key}: {Type} is now {Status} ({Reason}): {Message}")]
    private static partial void LogFlip(ILogger logger, string key, string type, bool status, string reason, string message);

    [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "VirtualService {Key} is being deleted; waiting for the directors on {Nodes} to withdraw")]
    private static partial void LogWaitingForDirectors(ILogger logger, string key, string nodes);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "VirtualService {Key}: no live director has an entry left; finalizer removed")]
    private static partial void LogFinalizerRemoved(ILogger logger, string key);
}
