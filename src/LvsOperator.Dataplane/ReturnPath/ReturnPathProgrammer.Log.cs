using Microsoft.Extensions.Logging;

namespace LvsOperator.Dataplane.ReturnPath;

public sealed partial class ReturnPathProgrammer
{
    [LoggerMessage(EventId = 3401, Level = LogLevel.Information, Message = "Return path inet {Table}: replies of {Sources} real server ports routed to {Owners} owner node(s)")]
    private static partial void LogApplied(ILogger logger, string table, int owners, int sources);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Information, Message = "Return path inet {Table}, its rules and routes removed")]
    private static partial void LogRemoved(ILogger logger, string table);
}
