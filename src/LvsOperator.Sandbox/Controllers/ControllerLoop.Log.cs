using Microsoft.Extensions.Logging;

namespace LvsOperator.Sandbox.Controllers;

internal sealed partial class ControllerLoop
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "{Controller}: reconcile failed ({Failures} in a row), retrying")]
        public static partial void ReconcileFailed(ILogger logger, string controller, int failures, Exception exception);
    }
}
