namespace LvsOperator.Sandbox.ApiServer.Auth;

/// <summary>
/// What a real cluster's default ClusterRoleBindings grant every authenticated user
/// (system:discovery, system:basic-user, system:public-info-viewer), so that kubectl with a
/// ServiceAccount token can discover the API even though the sandbox stores no such bindings.
/// </summary>
internal static class BootstrapPolicy
{
    public static IReadOnlyList<PolicyRule> AuthenticatedRules { get; } =
    [
        new PolicyRule(
            Verbs: ["get"],
            ApiGroups: [],
            Resources: [],
            ResourceNames: [],
            NonResourceUrls:
            [
                "/api", "/api/*", "/apis", "/apis/*", "/openapi", "/openapi/*", "/version", "/version/",
                "/healthz", "/livez", "/readyz",
            ]),
        new PolicyRule(
            Verbs: ["create"],
            ApiGroups: ["authorization.k8s.io"],
            Resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"],
            ResourceNames: [],
            NonResourceUrls: []),
        new PolicyRule(
            Verbs: ["create"],
            ApiGroups: ["authentication.k8s.io"],
            Resources: ["selfsubjectreviews"],
            ResourceNames: [],
            NonResourceUrls: []),
    ];
}
