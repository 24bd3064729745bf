using Microsoft.Extensions.Logging;

namespace LvsOperator.Kubernetes.Events;

public sealed partial class EventRecorder
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Recording {Type} event {Reason} for {Kind} {Name} failed")]
    private static partial void LogFailed(ILogger logger, Exception error, string type, string reason, string kind, string name);
}
