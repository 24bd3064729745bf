namespace LvsOperator.Kubernetes.LeaderElection;

/// <summary>What the elector calls; each callback's exceptions are logged and swallowed.</summary>
public sealed record LeaderElectionCallbacks
{
    /// <summary>
    /// Called when we become leader, on its own task; the token is cancelled the moment leadership ends (renew
    /// deadline passed, or the elector is stopped). The elector waits for it to return before OnStoppedLeading.
    /// </summary>
    public Func<CancellationToken, Task>? OnStartedLeading { get; init; }

    /// <summary>Called after leadership ended and OnStartedLeading returned — before a release clears the Lease.</summary>
    public Action? OnStoppedLeading { get; init; }

    /// <summary>Called with the holderIdentity whenever the observed holder changes (ourselves included).</summary>
    public Action<string>? OnNewLeader { get; init; }
}
