using System.Globalization;
using k8s.Models;

namespace LvsOperator.Kubernetes.LeaderElection;

/// <summary>
/// The fields of a Lease that leader election reads, compared as a whole to notice "the record changed" (client-go's
/// observedRecord). Timestamps are the writer's wall clock, kept only for that comparison and for humans — never
/// compared with our clock.
/// </summary>
public readonly record struct LeaseRecord(
    string Holder, int? DurationSeconds, int? DurationMilliseconds, DateTime? AcquireTime, DateTime? RenewTime, int Transitions)
{
    /// <summary>
    /// leaseDurationSeconds is a whole number; the exact duration rides in this annotation so a 1.5 s lease is waited
    /// out as 1.5 s by our candidates while other readers (kubectl, client-go) see the rounded-up 2 s.
    /// </summary>
    public const string DurationAnnotation = "lvs.lvs-operator.dev/lease-duration-milliseconds";

    public static LeaseRecord From(V1Lease lease)
    {
        var spec = lease.Spec ?? new V1LeaseSpec();
        int? exact = lease.Metadata?.Annotations is { } annotations
            && annotations.TryGetValue(DurationAnnotation, out var text)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0
                ? ms
                : null;
        return new LeaseRecord(spec.HolderIdentity ?? "", spec.LeaseDurationSeconds, exact, spec.AcquireTime, spec.RenewTime, spec.LeaseTransitions ?? 0);
    }

    /// <summary>How long a candidate must wait; the exact value only when it does not exceed the published one.</summary>
    public TimeSpan Duration(TimeSpan fallback)
    {
        if (DurationSeconds is not { } seconds || seconds <= 0)
        {
            return fallback;
        }

        return DurationMilliseconds is { } ms && ms <= seconds * 1000L ? TimeSpan.FromMilliseconds(ms) : TimeSpan.FromSeconds(seconds);
    }
}
