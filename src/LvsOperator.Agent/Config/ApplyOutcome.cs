using LvsOperator.Dataplane.Services;

namespace LvsOperator.Agent.Config;

/// <summary>What one apply left undone: the specs the service table refused, and a guard that could not be installed.</summary>
internal sealed record ApplyOutcome(IReadOnlyList<string> Refused, string? GuardError)
{
    public bool Succeeded => Refused.Count == 0 && GuardError is null;

    /// <summary>
    /// The problems that concern these services: the guard's, and the refusals of their keys (the service table
    /// names the key first, "TCP 198.18.0.100:80: ...").
    /// </summary>
    public IReadOnlyList<string> ProblemsOf(IEnumerable<VirtualServiceKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var problems = new List<string>();
        foreach (var key in keys)
        {
            var prefix = key + ":";
            problems.AddRange(Refused.Where(r => r.StartsWith(prefix, StringComparison.Ordinal)));
        }

        if (GuardError is not null)
        {
            problems.Add($"the nftables guard is not installed: {GuardError}");
        }

        return problems;
    }
}
