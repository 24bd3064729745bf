using Microsoft.Extensions.Logging;

namespace LvsOperator.Dataplane.Routing;

internal sealed partial class RouteWarnings
{
    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "No route to {Destination}")]
    private static partial void LogNoRoute(ILogger logger, string destination);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Neighbour for {Destination} did not resolve")]
    private static partial void LogNeighbourUnresolved(ILogger logger, string destination);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "Route to {Destination} is gone; next hop forgotten")]
    private static partial void LogRouteGone(ILogger logger, string destination);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "{Count} more destinations had no route in the last {Seconds} s, e.g. {Example}")]
    private static partial void LogNoRouteSummary(ILogger logger, int count, double seconds, string example);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Warning, Message = "{Count} more neighbours did not resolve in the last {Seconds} s, e.g. {Example}")]
    private static partial void LogNeighbourUnresolvedSummary(ILogger logger, int count, double seconds, string example);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Information, Message = "{Count} more routes were gone in the last {Seconds} s, e.g. {Example}")]
    private static partial void LogRouteGoneSummary(ILogger logger, int count, double seconds, string example);
}
