using Microsoft.Extensions.Logging;

namespace LvsOperator.Sandbox.Kubelets;

internal sealed partial class PodWorker
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "pod {Namespace}/{Pod} failed; tearing it down")]
        public static partial void PodFailed(ILogger logger, string @namespace, string pod, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "pod {Namespace}/{Pod}: status write failed")]
        public static partial void StatusFailed(ILogger logger, string @namespace, string pod, Exception exception);

        [LoggerMessage(3, LogLevel.Warning, "pod {Namespace}/{Pod}: removing the kubelet's finalizer failed, retrying")]
        public static partial void FinalizerFailed(ILogger logger, string @namespace, string pod, Exception exception);
    }
}
