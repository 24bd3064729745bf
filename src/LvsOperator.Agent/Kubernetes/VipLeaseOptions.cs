using LvsOperator.Kubernetes.LeaderElection;

namespace LvsOperator.Agent.Kubernetes;

/// <summary>
/// Timings of the per-VIP Lease (<c>Agent:VipLease:*</c>). A holder stops acting for the VIP once
/// <see cref="RenewDeadline"/> passed without a successful renew; a standby takes the Lease
/// <see cref="Duration"/> after it last saw it change, and retries every <see cref="RetryPeriod"/>: a takeover after a
/// crash takes Duration to Duration + RetryPeriod (1.5–1.75 s), and the two directors are never both active because
/// the holder stops Duration − RenewDeadline (0.5 s) before a standby may start. Cilium's and kube-vip's defaults
/// (15 s / 10 s / 2 s, as client-go's) fail over in 10–20 s; these are sized for a VIP on one L2, where the API server
/// is a round trip of a few milliseconds away and a renew every 250 ms is cheap.
/// </summary>
public sealed class VipLeaseOptions
{
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(1.5);

    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The elector's options for one VIP's Lease.</summary>
    public LeaderElectionOptions For(string leaseName, string leaseNamespace, string nodeName) => new()
    {
        LeaseName = leaseName,
        LeaseNamespace = leaseNamespace,
        Identity = nodeName,
        LeaseDuration = Duration,
        RenewDeadline = RenewDeadline,
        RetryPeriod = RetryPeriod,
    };
}
