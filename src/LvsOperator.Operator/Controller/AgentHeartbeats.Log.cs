using Microsoft.Extensions.Logging;

namespace LvsOperator.Operator.Controller;

internal sealed partial class AgentHeartbeats
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Agent on {Node} is {Status}")]
    private static partial void LogChanged(ILogger logger, string node, string status);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "A handler of the agent heartbeat change of {Node} threw")]
    private static partial void LogHandlerFailed(ILogger logger, Exception error, string node);
}
