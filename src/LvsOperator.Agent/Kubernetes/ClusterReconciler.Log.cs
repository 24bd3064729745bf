using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Kubernetes;

internal sealed partial class ClusterReconciler
{
    [LoggerMessage(EventId = 330, Level = LogLevel.Information, Message = "{VirtualService} no longer programmed here: {Reason}")]
    private static partial void LogWithdrawn(ILogger logger, string virtualService, string reason);

    [LoggerMessage(EventId = 331, Level = LogLevel.Error, Message = "Programming the pods' return path failed; retrying")]
    private static partial void LogReturnPathFailed(ILogger logger, Exception exception);
}
