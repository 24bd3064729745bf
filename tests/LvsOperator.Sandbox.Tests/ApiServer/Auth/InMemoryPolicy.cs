using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Auth;

namespace LvsOperator.Sandbox.Tests.ApiServer.Auth;

/// <summary>An IRbacPolicySource over objects the test adds as JSON text.</summary>
internal sealed class InMemoryPolicy : IRbacPolicySource
{
    private readonly List<JsonObject> _objects = [];

    public InMemoryPolicy Add(string json)
    {
        _objects.Add(JsonNode.Parse(json)!.AsObject());
        return this;
    }

    public IEnumerable<JsonObject> List(string kind, string? @namespace)
    {
        foreach (var obj in _objects)
        {
            var ns = (string?)obj["metadata"]?["namespace"];
            if ((string?)obj["kind"] == kind && (@namespace is null || ns == @namespace))
            {
                yield return obj;
            }
        }
    }

    public InMemoryPolicy Role(string ns, string name, string rules) => Add(
        $$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"{{name}}","namespace":"{{ns}}"},"rules":{{rules}}}""");

    public InMemoryPolicy ClusterRole(string name, string rules, string labels = "{}", string? aggregation = null) => Add(
        $$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"{{name}}","labels":{{labels}}},"rules":{{rules}}{{(aggregation is null ? "" : $",\"aggregationRule\":{aggregation}")}}}""");

    public InMemoryPolicy RoleBinding(string ns, string name, string roleKind, string roleName, string subjects) => Add(
        $$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"{{name}}","namespace":"{{ns}}"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"{{roleKind}}","name":"{{roleName}}"},"subjects":{{subjects}}}""");

    public InMemoryPolicy ClusterRoleBinding(string name, string roleName, string subjects) => Add(
        $$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"{{name}}"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"{{roleName}}"},"subjects":{{subjects}}}""");
}
