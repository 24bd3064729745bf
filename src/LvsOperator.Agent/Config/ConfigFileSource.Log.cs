using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Config;

internal sealed partial class ConfigFileSource
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Config file unusable: {Problem}; keeping the configuration in force and watching for a new version")]
    private static partial void LogUnusable(ILogger logger, string problem);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Config file {Path} changed ({Bytes} bytes)")]
    private static partial void LogChanged(ILogger logger, string path, int bytes);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "File watcher on {Path} failed: {Error}; relying on the poll")]
    private static partial void LogWatcherError(ILogger logger, string path, string error);
}
