namespace LvsOperator.Kubernetes.LeaderElection;

/// <summary>
/// Which Lease, who we are, and the timings (client-go's defaults 15 s / 10 s / 2 s). Sub-second values work: the
/// agent's per-VIP elector uses 1.5 s / 1 s / 0.25 s. The margin against split brain is LeaseDuration − RenewDeadline:
/// a holder stops leading RenewDeadline after its last successful renew began, a candidate takes over no earlier
/// than LeaseDuration after it saw the Lease last change.
/// </summary>
public sealed record LeaderElectionOptions
{
    public required string LeaseName { get; init; }

    public required string LeaseNamespace { get; init; }

    /// <summary>Our holderIdentity (the operator's pod name, the agent's node name); unique among the candidates.</summary>
    public required string Identity { get; init; }

    /// <summary>How long a candidate waits, from when it saw the Lease last change, before it takes the Lease.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps leading without a successful renew.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often candidates try to acquire and the leader renews.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>On cancellation the leader, after it stopped leading, clears the Lease so a candidate takes over at once.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    /// <exception cref="ArgumentException">The names are empty or the timings are not LeaseDuration &gt; RenewDeadline &gt; RetryPeriod &gt; 0.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(LeaseName);
        ArgumentException.ThrowIfNullOrEmpty(LeaseNamespace);
        ArgumentException.ThrowIfNullOrEmpty(Identity);
        if (RetryPeriod <= TimeSpan.Zero || RenewDeadline <= RetryPeriod || LeaseDuration <= RenewDeadline)
        {
            throw new ArgumentException(
                $"leader election needs LeaseDuration > RenewDeadline > RetryPeriod > 0, got {LeaseDuration} / {RenewDeadline} / {RetryPeriod}");
        }
    }
}
