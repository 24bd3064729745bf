using Microsoft.Extensions.Logging;

namespace LvsOperator.Kubernetes.Informers;

public sealed partial class ResourceInformer<T>
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Kind}: listed {Count} objects at resourceVersion {ResourceVersion}")]
    private static partial void LogListed(ILogger logger, string kind, int count, string resourceVersion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Kind}: watching from resourceVersion {ResourceVersion}")]
    private static partial void LogWatching(ILogger logger, string kind, string resourceVersion);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Kind}: resourceVersion {ResourceVersion} expired (410); relisting")]
    private static partial void LogExpired(ILogger logger, string kind, string resourceVersion);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Kind}: {Problem} (last resourceVersion {ResourceVersion}); retrying with backoff")]
    private static partial void LogFailed(ILogger logger, Exception error, string kind, string problem, string resourceVersion);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Kind}: the watch reported an error")]
    private static partial void LogWatchError(ILogger logger, Exception error, string kind);
}
