using Microsoft.Extensions.Logging;

namespace LvsOperator.Dataplane.Forwarding;

public sealed partial class ForwarderLoop
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Forwarder loop started on {SocketCount} interfaces")]
    private static partial void LogLoopStarted(ILogger logger, int socketCount);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Forwarder loop stopped")]
    private static partial void LogLoopStopped(ILogger logger);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "{Failed} frames refused on send out ifindex {InterfaceIndex} (errno {Errno})")]
    private static partial void LogSendFailed(ILogger logger, int failed, int interfaceIndex, int errno);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Forwarder loop failed")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "poll() on the packet sockets failed (errno {Errno}); the loop keeps reading them, reported once until poll works again")]
    private static partial void LogPollFailed(ILogger logger, int errno);
}
