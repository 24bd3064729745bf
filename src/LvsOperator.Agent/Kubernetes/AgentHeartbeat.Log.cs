using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Kubernetes;

internal sealed partial class AgentHeartbeat
{
    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "Renewing the heartbeat Lease {Namespace}/{Lease} failed; retrying every beat")]
    private static partial void LogFailed(ILogger logger, Exception exception, string @namespace, string lease);

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "Heartbeat Lease {Lease} renewed again")]
    private static partial void LogRecovered(ILogger logger, string lease);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Deleting the heartbeat Lease {Lease} failed; the operator will see it go stale")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string lease);
}
