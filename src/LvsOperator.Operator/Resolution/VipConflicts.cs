using LvsOperator.Api;
using LvsOperator.Api.Validation;
using LvsOperator.Kubernetes.Finalizers;

namespace LvsOperator.Operator.Resolution;

/// <summary>
/// Two VirtualServices claiming one VIP + port + protocol: the older (creationTimestamp, then namespace/name) serves.
/// Decided greedily in age order over the claimants that share a key with this one, directly or through others: a
/// claimant serves when none of its keys is held by an older serving one, and then holds all of them. The outcome is a
/// function of the set of claims alone (not of which object happened to be reconciled first), and a loser holds
/// nothing: one that lost port 80 to an older claim does not keep a third, newer one off port 443.
/// </summary>
internal static class VipConflicts
{
    /// <summary>
    /// Whether <paramref name="virtualService"/> takes part: valid and not being deleted. An invalid one is never
    /// programmed and one being deleted is withdrawn by the agents, so neither keeps another off its VIP.
    /// </summary>
    public static bool Claims(VirtualService virtualService)
    {
        ArgumentNullException.ThrowIfNull(virtualService);
        return !Finalizer.IsBeingDeleted(virtualService) && VirtualServiceValidator.Validate(virtualService).Count == 0;
    }

    /// <param name="self">A claimant (see <see cref="Claims"/>).</param>
    /// <param name="peers">Other VirtualServices that may share its keys; non-claimants and self's own copy are skipped.</param>
    public static ConflictOutcome Resolve(VirtualService self, IEnumerable<VirtualService> peers)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(peers);
        var selfKey = self.Key();
        var claimants = new List<VirtualService> { self };
        foreach (var peer in peers)
        {
            if (peer.Key() != selfKey && Claims(peer))
            {
                claimants.Add(peer);
            }
        }

        if (claimants.Count == 1)
        {
            return ConflictOutcome.Alone;
        }

        claimants.Sort(ByAge);
        var holders = new Dictionary<VipKey, VirtualService>();
        foreach (var claimant in claimants)
        {
            var keys = VipKey.Of(claimant.Spec);
            var blocking = new List<ConflictingClaim>();
            foreach (var key in keys)
            {
                if (holders.TryGetValue(key, out var holder))
                {
                    blocking.Add(new ConflictingClaim(key, holder.Key()));
                }
            }

            if (ReferenceEquals(claimant, self))
            {
                if (blocking.Count > 0)
                {
                    return new ConflictOutcome(false, blocking);
                }

                break;
            }

            if (blocking.Count == 0)
            {
                foreach (var key in keys)
                {
                    holders[key] = claimant;
                }
            }
        }

        // Self serves: whoever else claims one of its keys is newer and lost that key to it.
        var mine = new HashSet<VipKey>(VipKey.Of(self.Spec));
        var others = new List<ConflictingClaim>();
        foreach (var claimant in claimants)
        {
            if (ReferenceEquals(claimant, self))
            {
                continue;
            }

            foreach (var key in VipKey.Of(claimant.Spec))
            {
                if (mine.Contains(key))
                {
                    others.Add(new ConflictingClaim(key, claimant.Key()));
                }
            }
        }

        return new ConflictOutcome(true, others);
    }

    /// <summary>Older first: creationTimestamp (none counts as newest), then namespace/name.</summary>
    public static int ByAge(VirtualService a, VirtualService b)
    {
        var byTime = (a.Metadata?.CreationTimestamp ?? DateTime.MaxValue).CompareTo(b.Metadata?.CreationTimestamp ?? DateTime.MaxValue);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Key(), b.Key());
    }
}
