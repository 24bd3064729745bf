using System.Net;
using k8s;
using k8s.Autorest;

namespace LvsOperator.Sandbox.Tests.ApiServer.Helm;

/// <summary>
/// RBAC on: a ServiceAccount token limited by a Role can do exactly what the Role allows through the real kubectl, and gets 403 otherwise.
/// </summary>
public sealed class RbacKubectlTests(RbacSandbox sandbox) : IClassFixture<RbacSandbox>
{
    private const string Ns = "rbac-team";
    private const string User = "system:serviceaccount:rbac-team:reader";

    private const string Manifest = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: rbac-team}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: reader, namespace: rbac-team}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: configmap-reader, namespace: rbac-team}
        rules:
          - apiGroups: [""]
            resources: ["configmaps"]
            verbs: ["get", "list"]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: reader-reads-configmaps, namespace: rbac-team}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: configmap-reader}
        subjects:
          - {kind: ServiceAccount, name: reader, namespace: rbac-team}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: rbac-team}
        data: {mode: strict}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: hidden, namespace: rbac-team}
        stringData: {password: s3cret}
        """;

    [Fact]
    public async Task Service_account_token_can_do_exactly_what_its_role_allows()
    {
        var readerKubeconfig = await ArrangeReaderAsync();

        var get = await sandbox.KubectlAsync(readerKubeconfig, "get", "configmap", "settings", "-n", Ns, "-o", "jsonpath={.data.mode}");
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal("strict", get.Stdout);

        var list = await sandbox.KubectlAsync(readerKubeconfig, "get", "configmaps", "-n", Ns, "-o", "name");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("configmap/settings", list.Stdout, StringComparison.Ordinal);

        var create = await sandbox.KubectlAsync(readerKubeconfig, "create", "configmap", "intruder", "-n", Ns, "--from-literal=a=b");
        Assert.NotEqual(0, create.ExitCode);
        Assert.Contains(
            $"configmaps is forbidden: User \"{User}\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"{Ns}\"",
            create.Stderr, StringComparison.Ordinal);

        var secret = await sandbox.KubectlAsync(readerKubeconfig, "get", "secret", "hidden", "-n", Ns);
        Assert.NotEqual(0, secret.ExitCode);
        Assert.Contains("Error from server (Forbidden)", secret.Stderr, StringComparison.Ordinal);
        Assert.Contains($"secrets \"hidden\" is forbidden: User \"{User}\" cannot get resource \"secrets\"", secret.Stderr, StringComparison.Ordinal);

        var otherNamespace = await sandbox.KubectlAsync(readerKubeconfig, "get", "configmaps", "-n", "default");
        Assert.NotEqual(0, otherNamespace.ExitCode);
        Assert.Contains("in the namespace \"default\"", otherNamespace.Stderr, StringComparison.Ordinal);

        var delete = await sandbox.KubectlAsync(readerKubeconfig, "delete", "configmap", "settings", "-n", Ns);
        Assert.NotEqual(0, delete.ExitCode);
        Assert.True(await HelmSandbox.ExistsAsync(() => sandbox.Client.CoreV1.ReadNamespacedConfigMapAsync("settings", Ns)));
    }

    [Fact]
    public async Task Denied_requests_are_http_403_with_a_forbidden_status()
    {
        var readerKubeconfig = await ArrangeReaderAsync();
        using var reader = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(new FileInfo(readerKubeconfig)));

        var allowed = await reader.CoreV1.ListNamespacedConfigMapAsync(Ns);
        Assert.Contains(allowed.Items, c => c.Metadata.Name == "settings");

        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => reader.CoreV1.ListNamespacedSecretAsync(Ns));
        Assert.Equal(HttpStatusCode.Forbidden, ex.Response.StatusCode);
        Assert.Contains("\"reason\":\"Forbidden\"", ex.Response.Content, StringComparison.Ordinal);
        Assert.Contains("\"code\":403", ex.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_token_is_401()
    {
        var bogus = sandbox.WriteFile("bogus-kubeconfig", sandbox.Server.KubeconfigFor("not-a-token", "nobody"));
        var result = await sandbox.KubectlAsync(bogus, "get", "configmaps", "-n", Ns);
        Assert.NotEqual(0, result.ExitCode);

        // kubectl's wording for a 401: "You must be logged in to the server (Unauthorized)".
        Assert.True(result.Stderr.Contains("You must be logged in to the server", StringComparison.Ordinal), result.ToString());
    }

    private async Task<string> ArrangeReaderAsync()
    {
        var manifest = sandbox.WriteFile("rbac.yaml", Manifest);
        var apply = await sandbox.KubectlAsync(sandbox.KubeconfigPath, "apply", "-f", manifest);
        Assert.True(apply.ExitCode == 0, apply.ToString());

        // The sandbox has no TokenRequest API (`kubectl create token`); it issues ServiceAccount tokens directly.
        var token = sandbox.Server.Tokens.Issue(Ns, "reader");
        return sandbox.WriteFile("reader-kubeconfig", sandbox.Server.KubeconfigFor(token, "reader"));
    }
}
