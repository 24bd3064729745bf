using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Kubernetes;

internal sealed partial class VipElections
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Contending for VIP {Vip} (Lease {Lease})")]
    private static partial void LogContending(ILogger logger, string vip, string lease);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Withdrawing from VIP {Vip}: no VirtualService of this node uses it any more")]
    private static partial void LogWithdrawing(ILogger logger, string vip);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "VIP {Vip} acquired: node {Node} is its active director")]
    private static partial void LogAcquired(ILogger logger, string vip, string node);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "VIP {Vip} released: node {Node} stopped directing it")]
    private static partial void LogReleased(ILogger logger, string vip, string node);

    [LoggerMessage(EventId = 304, Level = LogLevel.Error, Message = "Reacting to a change of VIP ownership failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception);
}
