using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Kubernetes;

internal sealed partial class DirectorReporter
{
    [LoggerMessage(EventId = 320, Level = LogLevel.Information, Message = "status.directors of {VirtualService}: {State} (holdsVip {HoldsVip})")]
    private static partial void LogWritten(ILogger logger, string virtualService, string state, bool holdsVip);

    [LoggerMessage(EventId = 321, Level = LogLevel.Warning, Message = "Writing this node's status.directors entry of {VirtualService} failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception, string virtualService);
}
