using Microsoft.Extensions.Logging;

namespace LvsOperator.Sandbox.Cluster;

public sealed partial class SandboxCluster
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "sandbox {Id}: {Step} ({ElapsedMs} ms into teardown)")]
        public static partial void Teardown(ILogger logger, string id, string step, long elapsedMs);
    }
}
