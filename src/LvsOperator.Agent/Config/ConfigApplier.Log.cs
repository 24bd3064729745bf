using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Config;

internal sealed partial class ConfigApplier
{
    [LoggerMessage(EventId = 110, Level = LogLevel.Error, Message = "Config file rejected with {Count} problem(s); the last good configuration stays in force")]
    private static partial void LogRejected(ILogger logger, int count);

    [LoggerMessage(EventId = 111, Level = LogLevel.Error, Message = "  {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 112, Level = LogLevel.Information, Message = "Applied {Services} virtual service(s): services +{Added} -{Removed} ~{Updated}, real servers +{RealServersAdded} -{RealServersRemoved}, weights changed {Weights}, connections expired {Expired}")]
    private static partial void LogApplied(ILogger logger, int services, int added, int removed, int updated, int realServersAdded, int realServersRemoved, int weights, int expired);

    [LoggerMessage(EventId = 113, Level = LogLevel.Error, Message = "Installing the nftables guard failed; not ready until it succeeds")]
    private static partial void LogGuardFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 115, Level = LogLevel.Error, Message = "Config reload failed unexpectedly; the agent goes on with the configuration it has")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 114, Level = LogLevel.Information, Message = "Now directing VIP {Vip}: sending gratuitous ARP")]
    private static partial void LogAnnounce(ILogger logger, string vip);
}
