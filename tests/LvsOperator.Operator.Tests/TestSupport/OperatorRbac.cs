using k8s;
using k8s.Models;

namespace LvsOperator.Operator.Tests.TestSupport;

/// <summary>
/// The operator ServiceAccount's RBAC from the design (what issue 9's chart grants): a ClusterRole for the kinds it
/// watches in every namespace and a Role for Leases in its own namespace, each bound to lvs-system/lvs-operator.
/// </summary>
public static class OperatorRbac
{
    public const string Account = "lvs-operator";

    public static List<V1PolicyRule> ClusterRules() =>
    [
        Rule("lvs.lvs-operator.dev", "virtualservices", "get", "list", "watch", "update", "patch"),
        Rule("lvs.lvs-operator.dev", "virtualservices/status", "get", "update", "patch"),
        Rule("lvs.lvs-operator.dev", "virtualservices/finalizers", "update"),
        Rule("", "services", "get", "list", "watch"),
        Rule("discovery.k8s.io", "endpointslices", "list", "watch"),
        Rule("", "nodes", "list", "watch"),
        Rule("", "events", "create", "patch"),
        Rule("events.k8s.io", "events", "create", "patch"),
    ];

    public static List<V1PolicyRule> NamespaceRules() => [Rule("coordination.k8s.io", "leases", "get", "list", "watch", "create", "update")];

    public static async Task GrantAsync(IKubernetes admin, string ns, IList<V1PolicyRule> clusterRules, IList<V1PolicyRule> namespaceRules)
    {
        var subject = new Rbacv1Subject { Kind = "ServiceAccount", Name = Account, NamespaceProperty = ns };
        await admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole { Metadata = new() { Name = Account }, Rules = clusterRules });
        await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new() { Name = Account },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = Account },
            Subjects = [subject],
        });
        await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role { Metadata = new() { Name = Account, NamespaceProperty = ns }, Rules = namespaceRules }, ns);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new() { Name = Account, NamespaceProperty = ns },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = Account },
            Subjects = [subject],
        }, ns);
    }

    private static V1PolicyRule Rule(string group, string resource, params string[] verbs) =>
        new() { ApiGroups = [group], Resources = [resource], Verbs = verbs };
}
