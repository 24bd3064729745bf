using LvsOperator.Dataplane.Packets;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Dataplane;

internal sealed partial class RawSocketDataplane
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Forwarding on {Interface} (ifindex {Index}, {Mac}, mtu {Mtu})")]
    private static partial void LogTapping(ILogger logger, string @interface, int index, MacAddress mac, int mtu);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Removing the nftables guard failed: {Error}")]
    private static partial void LogGuardRemoveFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Packet sockets closed (guard still installed: {GuardInstalled})")]
    private static partial void LogClosed(ILogger logger, bool guardInstalled);
}
