using Microsoft.Extensions.Logging;

namespace LvsOperator.Dataplane.Guard;

public sealed partial class NftablesGuard
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "nftables guard inet {Table}: {Services} virtual service ports, {RealServers} real server ports on {Taps} interfaces")]
    private static partial void LogApplied(ILogger logger, string table, int services, int realServers, int taps);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "nftables guard inet {Table} removed")]
    private static partial void LogRemoved(ILogger logger, string table);
}
