using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Http;

internal sealed partial class ConnectionListWriter
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Listing the connections failed after {Listed} rows; the answer was cut off: {Error}")]
    private static partial void LogListingFailed(ILogger logger, int listed, string error);
}
