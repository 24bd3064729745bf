using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Storage;

namespace LvsOperator.Sandbox.ApiServer.Auth;

/// <summary>The RBAC objects as the authorizer reads them, straight from the store on every request.</summary>
internal sealed class StorePolicySource(ObjectStore store) : IRbacPolicySource
{
    private const string Group = "rbac.authorization.k8s.io/";

    public IEnumerable<JsonObject> List(string kind, string? @namespace)
    {
        var plural = kind switch
        {
            "Role" => "roles",
            "RoleBinding" => "rolebindings",
            "ClusterRole" => "clusterroles",
            "ClusterRoleBinding" => "clusterrolebindings",
            _ => null,
        };
        return plural is null ? [] : store.List(Group + plural, @namespace).Items;
    }
}
