using Microsoft.Extensions.Logging;

namespace LvsOperator.Operator.Hosting;

internal sealed partial class OperatorService
{
    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Caches synced: {VirtualServices} VirtualServices, {Slices} EndpointSlices, {Nodes} Nodes")]
    private static partial void LogSynced(ILogger logger, int virtualServices, int slices, int nodes);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "{Identity} is leading: reconciling VirtualServices")]
    private static partial void LogLeading(ILogger logger, string identity);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "{Identity} stopped reconciling")]
    private static partial void LogNotLeading(ILogger logger, string identity);

    [LoggerMessage(EventId = 305, Level = LogLevel.Critical, Message = "The operator's main loop failed; stopping with exit code 1")]
    private static partial void LogCrashed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Operator stopped")]
    private static partial void LogStopped(ILogger logger);
}
