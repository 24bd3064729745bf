using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Auth;

/// <summary>
/// The stored rbac.authorization.k8s.io/v1 objects the authorizer reads, in their JSON form.
/// Kinds: Role and RoleBinding (namespaced: pass the namespace), ClusterRole and ClusterRoleBinding
/// (pass null). Objects being deleted may be returned; they still count until they are gone.
/// </summary>
public interface IRbacPolicySource
{
    IEnumerable<JsonObject> List(string kind, string? @namespace);
}
