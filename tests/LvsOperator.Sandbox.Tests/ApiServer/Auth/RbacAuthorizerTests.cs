using LvsOperator.Sandbox.ApiServer.Auth;

namespace LvsOperator.Sandbox.Tests.ApiServer.Auth;

public sealed class RbacAuthorizerTests
{
    private static readonly RequestUser Reader = RequestUser.ForServiceAccount("team", "reader");
    private readonly RbacAuthorizer _authorizer = new();

    private static RequestAttributes Resource(
        string verb, string group, string resource, string? ns, string? name = null, string? subresource = null) =>
        new(verb, group, resource, subresource, ns, name, IsResourceRequest: true,
            Path: $"/api/v1/{(ns is null ? "" : $"namespaces/{ns}/")}{resource}{(name is null ? "" : "/" + name)}");

    private static RequestAttributes NonResource(string verb, string path) =>
        new(verb, "", "", null, null, null, IsResourceRequest: false, Path: path);

    private static InMemoryPolicy SecretReaderInTeam() => new InMemoryPolicy()
        .Role("team", "secret-reader", """[{"apiGroups":[""],"resources":["secrets","configmaps"],"verbs":["get","list","watch"]}]""")
        .RoleBinding("team", "reader-binding", "Role", "secret-reader", """[{"kind":"ServiceAccount","name":"reader","namespace":"team"}]""");

    [Theory]
    [InlineData("get", "secrets", "team", true)]
    [InlineData("list", "configmaps", "team", true)]
    [InlineData("watch", "secrets", "team", true)]
    [InlineData("create", "secrets", "team", false)]
    [InlineData("delete", "secrets", "team", false)]
    [InlineData("get", "pods", "team", false)]
    [InlineData("get", "secrets", "other", false)]
    [InlineData("list", "secrets", null, false)]
    public void Role_grants_exactly_its_verbs_and_resources_in_its_namespace(string verb, string resource, string? ns, bool allowed)
    {
        var ok = _authorizer.Authorize(Reader, Resource(verb, "", resource, ns, verb == "get" ? "x" : null), SecretReaderInTeam(), out var reason);

        Assert.Equal(allowed, ok);
        Assert.False(string.IsNullOrEmpty(reason));
    }

    [Fact]
    public void Denial_carries_the_apiservers_forbidden_message()
    {
        Assert.False(_authorizer.Authorize(Reader, Resource("create", "apps", "deployments", "team", "web"), SecretReaderInTeam(), out var reason));
        Assert.Equal(
            "deployments.apps \"web\" is forbidden: User \"system:serviceaccount:team:reader\" cannot create resource \"deployments\" in API group \"apps\" in the namespace \"team\"",
            reason);
    }

    [Fact]
    public void Forbidden_message_for_core_collection_subresource_and_cluster_scope()
    {
        Assert.Equal(
            "secrets is forbidden: User \"u\" cannot list resource \"secrets\" in API group \"\" in the namespace \"ns\"",
            RbacAuthorizer.ForbiddenMessage(new RequestUser("u", []), Resource("list", "", "secrets", "ns")));
        Assert.Equal(
            "pods \"p\" is forbidden: User \"u\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"ns\"",
            RbacAuthorizer.ForbiddenMessage(new RequestUser("u", []), Resource("get", "", "pods", "ns", "p", "log")));
        Assert.Equal(
            "nodes is forbidden: User \"u\" cannot list resource \"nodes\" in API group \"\" at the cluster scope",
            RbacAuthorizer.ForbiddenMessage(new RequestUser("u", []), Resource("list", "", "nodes", null)));
        Assert.Equal(
            "forbidden: User \"u\" cannot get path \"/metrics\"",
            RbacAuthorizer.ForbiddenMessage(new RequestUser("u", []), NonResource("get", "/metrics")));
    }

    [Fact]
    public void Service_account_subject_without_namespace_means_the_bindings_namespace()
    {
        var policy = new InMemoryPolicy()
            .Role("team", "r", """[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]""")
            .RoleBinding("team", "b", "Role", "r", """[{"kind":"ServiceAccount","name":"reader"}]""");

        Assert.True(_authorizer.Authorize(Reader, Resource("get", "", "pods", "team", "p"), policy, out _));
        Assert.False(_authorizer.Authorize(RequestUser.ForServiceAccount("other", "reader"), Resource("get", "", "pods", "team", "p"), policy, out _));
    }

    [Fact]
    public void Service_account_in_another_namespace_is_not_matched_by_name_alone()
    {
        var policy = new InMemoryPolicy()
            .Role("team", "r", """[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]""")
            .RoleBinding("team", "b", "Role", "r", """[{"kind":"ServiceAccount","name":"reader","namespace":"elsewhere"}]""");

        Assert.False(_authorizer.Authorize(Reader, Resource("get", "", "pods", "team", "p"), policy, out _));
        Assert.True(_authorizer.Authorize(RequestUser.ForServiceAccount("elsewhere", "reader"), Resource("get", "", "pods", "team", "p"), policy, out _));
    }

    [Fact]
    public void RoleBinding_to_a_ClusterRole_grants_only_inside_the_bindings_namespace()
    {
        var policy = new InMemoryPolicy()
            .ClusterRole("pod-reader", """[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list"]}]""")
            .RoleBinding("team", "b", "ClusterRole", "pod-reader", """[{"kind":"User","name":"alice"}]""");
        var alice = new RequestUser("alice", [RequestUser.AuthenticatedGroup]);

        Assert.True(_authorizer.Authorize(alice, Resource("list", "", "pods", "team"), policy, out var reason));
        Assert.Contains("RoleBinding \"b\" of ClusterRole \"pod-reader\"", reason, StringComparison.Ordinal);
        Assert.False(_authorizer.Authorize(alice, Resource("list", "", "pods", "other"), policy, out _));
        Assert.False(_authorizer.Authorize(alice, Resource("list", "", "pods", null), policy, out _));
    }

    [Fact]
    public void ClusterRoleBinding_grants_in_every_namespace_and_cluster_wide()
    {
        var policy = new InMemoryPolicy()
            .ClusterRole("node-viewer", """[{"apiGroups":[""],"resources":["nodes","pods"],"verbs":["list"]}]""")
            .ClusterRoleBinding("b", "node-viewer", """[{"kind":"Group","name":"viewers"}]""");
        var viewer = new RequestUser("bob", ["viewers"]);

        Assert.True(_authorizer.Authorize(viewer, Resource("list", "", "nodes", null), policy, out _));
        Assert.True(_authorizer.Authorize(viewer, Resource("list", "", "pods", "any"), policy, out _));
        Assert.False(_authorizer.Authorize(new RequestUser("bob", []), Resource("list", "", "nodes", null), policy, out _));
    }

    [Fact]
    public void Service_account_groups_can_be_bound()
    {
        var policy = new InMemoryPolicy()
            .ClusterRole("lister", """[{"apiGroups":[""],"resources":["services"],"verbs":["list"]}]""")
            .ClusterRoleBinding("b", "lister", """[{"kind":"Group","name":"system:serviceaccounts:team"}]""");

        Assert.True(_authorizer.Authorize(Reader, Resource("list", "", "services", "x"), policy, out _));
        Assert.False(_authorizer.Authorize(RequestUser.ForServiceAccount("other", "reader"), Resource("list", "", "services", "x"), policy, out _));
    }

    [Theory]
    [InlineData("""["*"]""", """["*"]""", """["*"]""", "deployments", "apps", "patch", true)]
    [InlineData("""["apps"]""", """["deployments"]""", """["*"]""", "deployments", "apps", "deletecollection", true)]
    [InlineData("""["apps"]""", """["deployments"]""", """["get"]""", "deployments", "", "get", false)]
    [InlineData("""[""]""", """["*"]""", """["get"]""", "secrets", "", "get", true)]
    public void Wildcards_in_groups_resources_and_verbs(string groups, string resources, string verbs, string resource, string group, string verb, bool allowed)
    {
        var policy = new InMemoryPolicy()
            .Role("team", "r", $$"""[{"apiGroups":{{groups}},"resources":{{resources}},"verbs":{{verbs}}}]""")
            .RoleBinding("team", "b", "Role", "r", """[{"kind":"User","name":"u"}]""");

        Assert.Equal(allowed, _authorizer.Authorize(new RequestUser("u", []), Resource(verb, group, resource, "team"), policy, out _));
    }

    [Theory]
    [InlineData("""["deployments/status"]""", "deployments", "status", true)]
    [InlineData("""["deployments/status"]""", "deployments", null, false)]
    [InlineData("""["deployments"]""", "deployments", "status", false)]
    [InlineData("""["*/status"]""", "daemonsets", "status", true)]
    [InlineData("""["*/status"]""", "daemonsets", "scale", false)]
    [InlineData("""["*"]""", "daemonsets", "scale", true)]
    public void Subresources_are_matched_as_resource_slash_subresource(string resources, string resource, string? subresource, bool allowed)
    {
        var policy = new InMemoryPolicy()
            .Role("team", "r", $$"""[{"apiGroups":["apps"],"resources":{{resources}},"verbs":["update"]}]""")
            .RoleBinding("team", "b", "Role", "r", """[{"kind":"User","name":"u"}]""");

        Assert.Equal(allowed, _authorizer.Authorize(new RequestUser("u", []), Resource("update", "apps", resource, "team", "d", subresource), policy, out _));
    }

    [Fact]
    public void ResourceNames_restrict_to_named_objects_and_exclude_collections()
    {
        var policy = new InMemoryPolicy()
            .Role("team", "r", """[{"apiGroups":[""],"resources":["configmaps"],"resourceNames":["allowed"],"verbs":["get","list","update"]}]""")
            .RoleBinding("team", "b", "Role", "r", """[{"kind":"User","name":"u"}]""");
        var u = new RequestUser("u", []);

        Assert.True(_authorizer.Authorize(u, Resource("get", "", "configmaps", "team", "allowed"), policy, out _));
        Assert.True(_authorizer.Authorize(u, Resource("update", "", "configmaps", "team", "allowed"), policy, out _));
        Assert.False(_authorizer.Authorize(u, Resource("get", "", "configmaps", "team", "other"), policy, out _));
        Assert.False(_authorizer.Authorize(u, Resource("list", "", "configmaps", "team"), policy, out _));
    }

    [Theory]
    [InlineData("/metrics", "get", true)]
    [InlineData("/logs/kubelet", "get", true)]
    [InlineData("/logs", "get", false)]
    [InlineData("/metrics", "post", false)]
    [InlineData("/healthz/etcd", "get", false)]
    public void NonResourceUrls_match_exactly_or_by_trailing_star(string path, string verb, bool allowed)
    {
        var policy = new InMemoryPolicy()
            .ClusterRole("urls", """[{"nonResourceURLs":["/metrics","/logs/*"],"verbs":["get"]}]""")
            .ClusterRoleBinding("b", "urls", """[{"kind":"User","name":"u"}]""");

        Assert.Equal(allowed, _authorizer.Authorize(new RequestUser("u", []), NonResource(verb, path), policy, out _));
    }

    [Fact]
    public void Resource_rules_do_not_grant_non_resource_urls_and_vice_versa()
    {
        var policy = new InMemoryPolicy()
            .ClusterRole("mixed", """[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]},{"nonResourceURLs":["/version"],"verbs":["get"]}]""")
            .ClusterRoleBinding("b", "mixed", """[{"kind":"User","name":"u"}]""");
        var u = new RequestUser("u", []);

        Assert.False(_authorizer.Authorize(u, NonResource("get", "/metrics"), policy, out _));
        Assert.True(_authorizer.Authorize(u, Resource("get", "", "pods", "x", "p"), policy, out _));
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/apis/apps/v1")]
    [InlineData("/openapi/v3/api/v1")]
    [InlineData("/version")]
    public void Authenticated_users_can_always_discover_the_api(string path)
    {
        Assert.True(_authorizer.Authorize(Reader, NonResource("get", path), new InMemoryPolicy(), out _));
        Assert.False(_authorizer.Authorize(new RequestUser("anonymous", []), NonResource("get", path), new InMemoryPolicy(), out _));
    }

    [Fact]
    public void Masters_group_bypasses_rbac_with_no_stored_policy()
    {
        Assert.True(_authorizer.Authorize(RequestUser.Admin, Resource("delete", "apps", "daemonsets", "kube-system", "x"), new InMemoryPolicy(), out _));
        Assert.True(_authorizer.Authorize(RequestUser.Admin, NonResource("get", "/anything"), new InMemoryPolicy(), out _));
    }

    [Fact]
    public void Binding_to_a_missing_role_or_of_the_wrong_kind_grants_nothing()
    {
        var policy = new InMemoryPolicy()
            .ClusterRole("cr", """[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}]""")
            .RoleBinding("team", "missing", "Role", "does-not-exist", """[{"kind":"User","name":"u"}]""")
            .Role("other", "r", """[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}]""")
            .RoleBinding("team", "cross-namespace", "Role", "r", """[{"kind":"User","name":"u"}]""")
            .Add("""{"kind":"ClusterRoleBinding","metadata":{"name":"bad"},"roleRef":{"kind":"Role","name":"cr"},"subjects":[{"kind":"User","name":"u"}]}""");

        Assert.False(_authorizer.Authorize(new RequestUser("u", []), Resource("get", "", "pods", "team", "p"), policy, out _));
    }

    [Fact]
    public void Aggregated_ClusterRole_collects_rules_of_roles_matching_its_labels()
    {
        var policy = new InMemoryPolicy()
            .ClusterRole("monitoring", "[]", aggregation: """{"clusterRoleSelectors":[{"matchLabels":{"rbac.example.com/aggregate-to-monitoring":"true"}}]}""")
            .ClusterRole("endpoints-reader", """[{"apiGroups":[""],"resources":["endpoints"],"verbs":["get"]}]""",
                labels: """{"rbac.example.com/aggregate-to-monitoring":"true"}""")
            .ClusterRole("secrets-reader", """[{"apiGroups":[""],"resources":["secrets"],"verbs":["get"]}]""")
            .ClusterRoleBinding("b", "monitoring", """[{"kind":"User","name":"u"}]""");
        var u = new RequestUser("u", []);

        Assert.True(_authorizer.Authorize(u, Resource("get", "", "endpoints", "x", "e"), policy, out _));
        Assert.False(_authorizer.Authorize(u, Resource("get", "", "secrets", "x", "s"), policy, out _));
    }

    [Fact]
    public void User_subject_matches_by_exact_name_only()
    {
        var policy = new InMemoryPolicy()
            .ClusterRole("cr", """[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]""")
            .ClusterRoleBinding("b", "cr", """[{"kind":"User","name":"alice"}]""");

        Assert.True(_authorizer.Authorize(new RequestUser("alice", []), Resource("get", "", "pods", "x", "p"), policy, out _));
        Assert.False(_authorizer.Authorize(new RequestUser("Alice", []), Resource("get", "", "pods", "x", "p"), policy, out _));
        Assert.False(_authorizer.Authorize(new RequestUser("bob", ["alice"]), Resource("get", "", "pods", "x", "p"), policy, out _));
    }
}
