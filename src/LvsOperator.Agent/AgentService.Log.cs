using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent;

internal sealed partial class AgentService
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Forwarding started; applying {Path}")]
    private static partial void LogStarted(ILogger logger, string path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Shutting down: stopping the forwarder and removing the guard")]
    private static partial void LogStopping(ILogger logger);
}
