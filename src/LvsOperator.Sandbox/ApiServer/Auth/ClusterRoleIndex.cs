using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Auth;

/// <summary>ClusterRoles by name for one authorization decision, with aggregated rules resolved.</summary>
internal sealed class ClusterRoleIndex(IRbacPolicySource policy)
{
    private Dictionary<string, JsonObject>? _byName;

    public IReadOnlyList<PolicyRule> RulesOf(string name)
    {
        _byName ??= Load();
        if (!_byName.TryGetValue(name, out var role))
        {
            return [];
        }

        var rules = PolicyRule.ListFrom(role);
        if (role["aggregationRule"] is not JsonObject aggregation
            || aggregation["clusterRoleSelectors"] is not JsonArray selectors)
        {
            return rules;
        }

        var combined = new List<PolicyRule>(rules);
        foreach (var (otherName, other) in _byName)
        {
            if (otherName != name && MatchesAny(selectors, other))
            {
                combined.AddRange(PolicyRule.ListFrom(other));
            }
        }

        return combined;
    }

    public static string NameOf(JsonObject obj) =>
        obj["metadata"] is JsonObject metadata ? RbacSubjects.Text(metadata, "name") : string.Empty;

    private Dictionary<string, JsonObject> Load()
    {
        var byName = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var role in policy.List("ClusterRole", null))
        {
            byName[NameOf(role)] = role;
        }

        return byName;
    }

    private static bool MatchesAny(JsonArray selectors, JsonObject role)
    {
        var labels = (role["metadata"] as JsonObject)?["labels"] as JsonObject;
        foreach (var node in selectors)
        {
            if (node is not JsonObject selector || selector["matchExpressions"] is JsonArray { Count: > 0 })
            {
                continue;
            }

            if (selector["matchLabels"] is not JsonObject { Count: > 0 } matchLabels || labels is null)
            {
                continue;
            }

            var all = true;
            foreach (var (key, value) in matchLabels)
            {
                if (labels[key] is not JsonValue actual || !actual.TryGetValue<string>(out var text)
                    || value is not JsonValue expected || !expected.TryGetValue<string>(out var wanted)
                    || text != wanted)
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }
}
