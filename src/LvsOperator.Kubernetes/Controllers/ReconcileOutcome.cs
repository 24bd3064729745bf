namespace LvsOperator.Kubernetes.Controllers;

/// <summary>How a reconcile ended; also the "result" label of the reconcile counters.</summary>
public enum ReconcileOutcome
{
    /// <summary>Done: the key's backoff is forgotten.</summary>
    Success,

    /// <summary>Done for now, look again after a fixed delay (polling something no watch reports).</summary>
    RequeueAfter,

    /// <summary>Not done, nothing wrong: retry with the rate limiter's backoff.</summary>
    Requeue,

    /// <summary>Failed (an error result or an exception): retry with the rate limiter's backoff.</summary>
    Error,
}
