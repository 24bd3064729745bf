using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Api.Conditions;

namespace LvsOperator.Operator.Resolution;

/// <summary>
/// Reads the agents' <c>status.directors</c> entries against the nodes the VirtualService selects and their
/// heartbeats. The directors that count are the selected live ones: nodes matching <c>spec.nodeSelector</c> whose
/// agent's heartbeat is fresh. A director whose agent is not live neither blocks Programmed nor counts as holding the
/// VIP, whatever its last entry says.
/// </summary>
internal static class DirectorAssessment
{
    public static DirectorReport Assess(VirtualService virtualService, string revision, IReadOnlyCollection<V1Node> nodes, IAgentLiveness agents)
    {
        ArgumentNullException.ThrowIfNull(virtualService);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(agents);
        var generation = virtualService.Metadata?.Generation;
        var existing = new HashSet<string>(StringComparer.Ordinal);
        var selected = new List<string>();
        foreach (var node in nodes)
        {
            if (node.Metadata?.Name is not { Length: > 0 } name)
            {
                continue;
            }

            existing.Add(name);
            if (NodeSelection.Selects(virtualService.Spec?.NodeSelector, node.Metadata.Labels))
            {
                selected.Add(name);
            }
        }

        selected.Sort(StringComparer.Ordinal);
        var live = selected.FindAll(n => agents.Of(n).Live);
        var missing = selected.FindAll(n => agents.Of(n) is { Live: false, Lapsed: true });
        var entries = new Dictionary<string, DirectorStatus>(StringComparer.Ordinal);
        var stale = new List<string>();
        foreach (var entry in virtualService.Status?.Directors ?? [])
        {
            if (entry?.NodeName is not { Length: > 0 } name || !entries.TryAdd(name, entry))
            {
                continue;
            }

            if (!existing.Contains(name) || agents.Of(name).Gone)
            {
                stale.Add(name);
            }
        }

        var holder = Holder(live, entries, revision);
        return new DirectorReport(
            Programmed(selected, live, entries, generation, revision),
            holder?.NodeName,
            holder is not null && holder.ProgrammedRevision == revision,
            missing,
            stale);
    }

    private static ConditionOutcome Programmed(
        List<string> selected, List<string> live, Dictionary<string, DirectorStatus> entries, long? generation, string revision)
    {
        if (selected.Count == 0)
        {
            return new(ConditionTypes.Programmed, false, ConditionReasons.NoDirectors, "no Node matches spec.nodeSelector");
        }

        if (live.Count == 0)
        {
            return new(ConditionTypes.Programmed, false, ConditionReasons.NoDirectors,
                $"none of the {selected.Count} selected nodes ({Names(selected)}) has a live agent (a fresh heartbeat Lease lvs-agent-<node>)");
        }

        var failures = new List<string>();
        var pending = new List<string>();
        foreach (var node in live)
        {
            var entry = entries.GetValueOrDefault(node);
            var condition = ConditionList.Find(entry?.Conditions, ConditionTypes.Programmed);
            if (condition is { Status: ConditionList.False, Reason: ConditionReasons.ProgrammingFailed } && condition.ObservedGeneration == generation)
            {
                failures.Add($"{node}: {condition.Message}");
            }
            else if (entry is null || !ConditionList.IsTrueAt(entry.Conditions, ConditionTypes.Programmed, generation) || entry.ProgrammedRevision != revision)
            {
                pending.Add(node);
            }
        }

        if (failures.Count > 0)
        {
            return new(ConditionTypes.Programmed, false, ConditionReasons.ProgrammingFailed, string.Join("; ", failures));
        }

        return pending.Count > 0
            ? new(ConditionTypes.Programmed, false, ConditionReasons.Pending,
                $"waiting for {Names(pending)} to program generation {generation}, revision {revision} ({live.Count - pending.Count} of {live.Count} live directors done)")
            : new(ConditionTypes.Programmed, true, ConditionReasons.Programmed,
                $"programmed on {Names(live)} at generation {generation}, revision {revision}");
    }

    // The live director that reports holding the VIP; one at the current revision first, should two claim it during a takeover.
    private static DirectorStatus? Holder(List<string> live, Dictionary<string, DirectorStatus> entries, string revision)
    {
        DirectorStatus? found = null;
        foreach (var node in live)
        {
            if (entries.GetValueOrDefault(node) is not { HoldsVip: true } entry)
            {
                continue;
            }

            if (entry.ProgrammedRevision == revision)
            {
                return entry;
            }

            found ??= entry;
        }

        return found;
    }

    private static string Names(List<string> nodes) => string.Join(", ", nodes);
}
