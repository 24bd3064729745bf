using LvsOperator.Api;
using LvsOperator.Kubernetes.Caching;
using LvsOperator.Operator.Resolution;

namespace LvsOperator.Operator.Controller;

/// <summary>
/// The VirtualServices whose VIP conflicts can bear on one another: those reachable from a set of VIP keys through
/// claimants sharing keys (A shares port 80 with B, B port 443 with C: all three). <see cref="VipConflicts"/> decides
/// within such a component; when a claim changes, the whole component is reconciled again.
/// </summary>
internal static class ConflictComponent
{
    /// <summary>
    /// The component reached from <paramref name="keys"/> (non-claimants filed under them included, but expansion runs
    /// only through claimants). Bounded by the cache: each VirtualService and key is visited once.
    /// </summary>
    public static IReadOnlyList<VirtualService> Of(ResourceCache<VirtualService> cache, IEnumerable<VipKey> keys)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(keys);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var members = new List<VirtualService>();
        var seenKeys = new HashSet<VipKey>();
        var pending = new Queue<VipKey>(keys);
        while (pending.TryDequeue(out var key))
        {
            if (!seenKeys.Add(key))
            {
                continue;
            }

            foreach (var member in cache.ByIndex(VirtualServiceIndexes.ByVipKey, key.ToString()))
            {
                if (!seen.Add(member.Key()))
                {
                    continue;
                }

                members.Add(member);
                if (!VipConflicts.Claims(member))
                {
                    continue;
                }

                foreach (var next in VipKey.Of(member.Spec))
                {
                    pending.Enqueue(next);
                }
            }
        }

        return members;
    }
}
