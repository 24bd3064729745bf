using Microsoft.Extensions.Logging;

namespace LvsOperator.Sandbox.ApiServer.Endpoints;

internal sealed partial class ApiRouter
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Method} {Path} -> {Status}")]
        public static partial void Request(ILogger logger, string method, string path, int status);

        [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Method} {Path} rejected: {Status} {Reason}: {Text}")]
        public static partial void Rejected(ILogger logger, string method, string path, int status, string reason, string text);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{Method} {Path} failed")]
        public static partial void Failed(ILogger logger, string method, string path, Exception exception);
    }
}
