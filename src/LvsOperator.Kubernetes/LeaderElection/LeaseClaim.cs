using System.Globalization;
using k8s.Models;

namespace LvsOperator.Kubernetes.LeaderElection;

/// <summary>What a holder writes into its Lease: a claim (acquire or renew), or a release that frees it at once.</summary>
internal static class LeaseClaim
{
    public static V1Lease New(LeaderElectionOptions options) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta { Name = options.LeaseName, NamespaceProperty = options.LeaseNamespace },
        Spec = new V1LeaseSpec(),
    };

    /// <summary>
    /// Us as holder, renewed now; acquireTime moves only when we take the Lease over. The published duration is rounded
    /// up to whole seconds, the exact one goes into <see cref="LeaseRecord.DurationAnnotation"/>.
    /// </summary>
    public static V1Lease Stamp(V1Lease lease, LeaderElectionOptions options, DateTime now, bool acquired, int transitions)
    {
        lease.Spec ??= new V1LeaseSpec();
        lease.Spec.HolderIdentity = options.Identity;
        lease.Spec.LeaseDurationSeconds = (int)Math.Ceiling(options.LeaseDuration.TotalSeconds);
        lease.Spec.RenewTime = now;
        lease.Spec.LeaseTransitions = transitions;
        if (acquired || lease.Spec.AcquireTime is null)
        {
            lease.Spec.AcquireTime = now;
        }

        lease.Metadata.Annotations ??= new Dictionary<string, string>();
        lease.Metadata.Annotations[LeaseRecord.DurationAnnotation] =
            ((long)Math.Ceiling(options.LeaseDuration.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        return lease;
    }

    /// <summary>client-go's release: no holder, a 1 s duration; a candidate sees a free Lease and takes it on its next try.</summary>
    public static V1Lease Release(V1Lease lease, DateTime now)
    {
        lease.Spec.HolderIdentity = "";
        lease.Spec.LeaseDurationSeconds = 1;
        lease.Spec.AcquireTime = now;
        lease.Spec.RenewTime = now;
        lease.Metadata.Annotations?.Remove(LeaseRecord.DurationAnnotation);
        return lease;
    }
}
