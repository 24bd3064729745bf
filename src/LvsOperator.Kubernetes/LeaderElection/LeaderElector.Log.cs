using Microsoft.Extensions.Logging;

namespace LvsOperator.Kubernetes.LeaderElection;

public sealed partial class LeaderElector
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Identity} campaigning for Lease {Namespace}/{Lease}")]
    private static partial void LogCampaigning(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Identity} acquired Lease {Namespace}/{Lease}")]
    private static partial void LogAcquired(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Identity} could not renew Lease {Lease} within {RenewDeadline}; stopping leading")]
    private static partial void LogRenewDeadlinePassed(ILogger logger, string identity, string lease, TimeSpan renewDeadline);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "{Identity} stopped leading on Lease {Lease}")]
    private static partial void LogStoppedLeading(ILogger logger, string identity, string lease);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "{Identity} released Lease {Lease}")]
    private static partial void LogReleased(ILogger logger, string identity, string lease);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Releasing Lease {Lease} failed; candidates wait out its duration")]
    private static partial void LogReleaseFailed(ILogger logger, Exception error, string lease);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Lease {Lease} was written by someone else first (409); re-reading next period")]
    private static partial void LogConflict(ILogger logger, string lease);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Lease {Namespace}/{Lease}: {Problem}; retrying next period")]
    private static partial void LogAttemptFailed(ILogger logger, Exception error, string @namespace, string lease, string problem);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Lease {Lease} is held by {Holder}")]
    private static partial void LogNewLeader(ILogger logger, string lease, string holder);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Leader election callback {Callback} threw")]
    private static partial void LogCallbackFailed(ILogger logger, Exception error, string callback);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "{Identity} found Lease {Lease} held by {Holder} while leading; stopping leading")]
    private static partial void LogLostLease(ILogger logger, string identity, string lease, string holder);
}
