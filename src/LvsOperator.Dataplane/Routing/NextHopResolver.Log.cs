using Microsoft.Extensions.Logging;

namespace LvsOperator.Dataplane.Routing;

public sealed partial class NextHopResolver
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Next hop for {Destination}: ifindex {InterfaceIndex}, MAC {Mac}")]
    private static partial void LogResolved(ILogger logger, string destination, int interfaceIndex, Packets.MacAddress mac);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Error, Message = "rtnetlink exchange failed")]
    private static partial void LogNetlinkFailed(ILogger logger, Exception exception);
}
