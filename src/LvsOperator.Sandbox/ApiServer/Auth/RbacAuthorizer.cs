using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Auth;

/// <summary>
/// Kubernetes RBAC over the stored Roles, ClusterRoles and their bindings: a request is allowed when any
/// rule reachable from a binding whose subjects include the user allows it. ClusterRoleBindings grant
/// everywhere; a RoleBinding grants its Role's or ClusterRole's rules only inside its namespace.
/// system:masters bypasses RBAC, as the apiserver's privileged-group authorizer does. A ClusterRole's
/// aggregationRule is resolved here from matchLabels selectors (matchExpressions selectors match nothing),
/// instead of by a controller writing rules back.
/// </summary>
public sealed class RbacAuthorizer
{
    /// <returns>True when allowed. <paramref name="reason"/> then says which binding allowed it; on a
    /// denial it is the apiserver's Forbidden message, ready for a 403 Status.</returns>
    public bool Authorize(RequestUser user, RequestAttributes attributes, IRbacPolicySource policy, out string reason)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(policy);

        if (user.IsInGroup(RequestUser.MastersGroup))
        {
            reason = $"allowed: \"{user.Name}\" is in group \"{RequestUser.MastersGroup}\"";
            return true;
        }

        if (user.IsInGroup(RequestUser.AuthenticatedGroup) && AnyAllows(BootstrapPolicy.AuthenticatedRules, attributes))
        {
            reason = "RBAC: allowed by the built-in discovery and self-review policy for authenticated users";
            return true;
        }

        var clusterRoles = new ClusterRoleIndex(policy);
        foreach (var binding in policy.List("ClusterRoleBinding", null))
        {
            if (RbacSubjects.AppliesTo(binding, user, string.Empty)
                && RoleRef(binding, out var kind, out var roleName)
                && kind == "ClusterRole"
                && AnyAllows(clusterRoles.RulesOf(roleName), attributes))
            {
                reason = Allowed("ClusterRoleBinding", binding, kind, roleName, user);
                return true;
            }
        }

        if (!string.IsNullOrEmpty(attributes.Namespace))
        {
            foreach (var binding in policy.List("RoleBinding", attributes.Namespace))
            {
                if (!RbacSubjects.AppliesTo(binding, user, attributes.Namespace)
                    || !RoleRef(binding, out var kind, out var roleName))
                {
                    continue;
                }

                var rules = kind switch
                {
                    "ClusterRole" => clusterRoles.RulesOf(roleName),
                    "Role" => RoleRules(policy, attributes.Namespace, roleName),
                    _ => [],
                };
                if (AnyAllows(rules, attributes))
                {
                    reason = Allowed("RoleBinding", binding, kind, roleName, user);
                    return true;
                }
            }
        }

        reason = ForbiddenMessage(user, attributes);
        return false;
    }

    /// <summary>
    /// The Status message kube-apiserver sends with a 403, e.g.
    /// <c>secrets "db" is forbidden: User "system:serviceaccount:ns:sa" cannot get resource "secrets" in API group "" in the namespace "ns"</c>.
    /// </summary>
    public static string ForbiddenMessage(RequestUser user, RequestAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(attributes);

        if (!attributes.IsResourceRequest)
        {
            return $"forbidden: User \"{user.Name}\" cannot {attributes.Verb} path \"{attributes.Path}\"";
        }

        var resource = string.IsNullOrEmpty(attributes.Subresource)
            ? attributes.Resource
            : $"{attributes.Resource}/{attributes.Subresource}";
        var scope = string.IsNullOrEmpty(attributes.Namespace)
            ? "at the cluster scope"
            : $"in the namespace \"{attributes.Namespace}\"";
        var detail = $"User \"{user.Name}\" cannot {attributes.Verb} resource \"{resource}\" "
            + $"in API group \"{attributes.ApiGroup}\" {scope}";

        // Like apierrors.NewForbidden: the qualified resource (without subresource), then the name if any.
        var qualified = string.IsNullOrEmpty(attributes.ApiGroup)
            ? attributes.Resource
            : $"{attributes.Resource}.{attributes.ApiGroup}";
        return string.IsNullOrEmpty(attributes.Name)
            ? $"{qualified} is forbidden: {detail}"
            : $"{qualified} \"{attributes.Name}\" is forbidden: {detail}";
    }

    private static bool AnyAllows(IReadOnlyList<PolicyRule> rules, RequestAttributes attributes)
    {
        foreach (var rule in rules)
        {
            if (rule.Allows(attributes))
            {
                return true;
            }
        }

        return false;
    }

    private static IReadOnlyList<PolicyRule> RoleRules(IRbacPolicySource policy, string @namespace, string name)
    {
        foreach (var role in policy.List("Role", @namespace))
        {
            if (ClusterRoleIndex.NameOf(role) == name)
            {
                return PolicyRule.ListFrom(role);
            }
        }

        return [];
    }

    private static bool RoleRef(JsonObject binding, out string kind, out string name)
    {
        kind = name = string.Empty;
        if (binding["roleRef"] is not JsonObject roleRef)
        {
            return false;
        }

        kind = RbacSubjects.Text(roleRef, "kind");
        name = RbacSubjects.Text(roleRef, "name");
        return name.Length != 0;
    }

    private static string Allowed(string bindingKind, JsonObject binding, string roleKind, string roleName, RequestUser user) =>
        $"RBAC: allowed by {bindingKind} \"{ClusterRoleIndex.NameOf(binding)}\" of {roleKind} \"{roleName}\" to \"{user.Name}\"";
}
