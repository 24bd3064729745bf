using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Config;

internal sealed partial class ConfigFileSource
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Cannot read config file {Path}: {Error}; keeping the configuration in force and watching for it")]
    private static partial void LogUnreadable(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Config file {Path} changed ({Bytes} bytes)")]
    private static partial void LogChanged(ILogger logger, string path, int bytes);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "File watcher on {Path} failed: {Error}; relying on the poll")]
    private static partial void LogWatcherError(ILogger logger, string path, string error);
}
