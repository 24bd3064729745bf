using Microsoft.Extensions.Logging;

namespace LvsOperator.Dataplane.Routing;

public sealed partial class NextHopResolver
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Next hop for {Destination}: ifindex {InterfaceIndex}, MAC {Mac}")]
    private static partial void LogResolved(ILogger logger, string destination, int interfaceIndex, string mac);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "No route to {Destination}")]
    private static partial void LogNoRoute(ILogger logger, string destination);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Neighbour for {Destination} did not resolve")]
    private static partial void LogNeighbourUnresolved(ILogger logger, string destination);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "Route to {Destination} is gone; next hop forgotten")]
    private static partial void LogRouteGone(ILogger logger, string destination);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Error, Message = "rtnetlink exchange failed")]
    private static partial void LogNetlinkFailed(ILogger logger, Exception exception);
}
