using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Kubernetes;

internal sealed partial class KubernetesAgentService
{
    [LoggerMessage(EventId = 340, Level = LogLevel.Information, Message = "Forwarding started; Kubernetes mode as node {Node}, Leases in namespace {Namespace}")]
    private static partial void LogStarted(ILogger logger, string node, string @namespace);

    [LoggerMessage(EventId = 341, Level = LogLevel.Information, Message = "Cluster state synced: {VirtualServices} VirtualService(s), {Nodes} node(s)")]
    private static partial void LogSynced(ILogger logger, int virtualServices, int nodes);

    [LoggerMessage(EventId = 342, Level = LogLevel.Information, Message = "Shutting down: releasing VIPs, removing this node's status entries, heartbeat, return path and guard")]
    private static partial void LogStopping(ILogger logger);

    [LoggerMessage(EventId = 343, Level = LogLevel.Warning, Message = "Shutdown time ran out before this node's status entries and heartbeat were removed; the operator will see them go stale")]
    private static partial void LogShutdownCut(ILogger logger);

    [LoggerMessage(EventId = 344, Level = LogLevel.Error, Message = "Reconciling the cluster's state failed unexpectedly; retrying")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception);
}
