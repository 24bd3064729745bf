using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Auth;

/// <summary>One rbac/v1 PolicyRule and the matching rules of Kubernetes' RBAC authorizer (rbac/v1 helpers).</summary>
internal sealed record PolicyRule(
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ResourceNames,
    IReadOnlyList<string> NonResourceUrls)
{
    private const string All = "*";

    public static IReadOnlyList<PolicyRule> ListFrom(JsonObject role)
    {
        if (role["rules"] is not JsonArray rules)
        {
            return [];
        }

        var parsed = new List<PolicyRule>(rules.Count);
        foreach (var node in rules)
        {
            if (node is JsonObject rule)
            {
                parsed.Add(new PolicyRule(
                    Strings(rule, "verbs"),
                    Strings(rule, "apiGroups"),
                    Strings(rule, "resources"),
                    Strings(rule, "resourceNames"),
                    Strings(rule, "nonResourceURLs")));
            }
        }

        return parsed;
    }

    public bool Allows(RequestAttributes request)
    {
        if (!Contains(Verbs, request.Verb, allowWildcard: true))
        {
            return false;
        }

        if (!request.IsResourceRequest)
        {
            return MatchesNonResourceUrl(request.Path);
        }

        return Contains(ApiGroups, request.ApiGroup, allowWildcard: true)
            && MatchesResource(request.Resource, request.Subresource)
            && (ResourceNames.Count == 0 || Contains(ResourceNames, request.Name ?? string.Empty, allowWildcard: false));
    }

    private bool MatchesResource(string resource, string? subresource)
    {
        var hasSubresource = !string.IsNullOrEmpty(subresource);
        var combined = hasSubresource ? $"{resource}/{subresource}" : resource;
        foreach (var ruleResource in Resources)
        {
            if (ruleResource == All || ruleResource == combined)
            {
                return true;
            }

            // "*/status" grants that subresource of every resource.
            if (hasSubresource
                && ruleResource.Length == subresource!.Length + 2
                && ruleResource.StartsWith("*/", StringComparison.Ordinal)
                && ruleResource.EndsWith(subresource, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchesNonResourceUrl(string path)
    {
        foreach (var url in NonResourceUrls)
        {
            if (url == All || url == path)
            {
                return true;
            }

            if (url.EndsWith('*') && path.StartsWith(url.TrimEnd('*'), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(IReadOnlyList<string> values, string value, bool allowWildcard)
    {
        foreach (var candidate in values)
        {
            if ((allowWildcard && candidate == All) || candidate == value)
            {
                return true;
            }
        }

        return false;
    }

    private static string[] Strings(JsonObject obj, string name)
    {
        if (obj[name] is not JsonArray array)
        {
            return [];
        }

        var values = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is JsonValue value && value.TryGetValue<string>(out var text))
            {
                values.Add(text);
            }
        }

        return [.. values];
    }
}
