using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace LvsOperator.Sandbox.Tests.ApiServer.Client;

/// <summary>ServiceAccount tokens authenticate while their ServiceAccount exists (RBAC off: any valid token may act).</summary>
public sealed class ServiceAccountTokenTests(SandboxServerFixture fixture) : IClassFixture<SandboxServerFixture>
{
    [Fact]
    public async Task A_token_works_until_its_service_account_is_deleted()
    {
        await fixture.Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "robot" } }, "default");
        var token = fixture.Server.Tokens.Issue("default", "robot");
        using var robot = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(
            new MemoryStream(System.Text.Encoding.UTF8.GetBytes(fixture.Server.KubeconfigFor(token, "robot")))));

        var before = await robot.CoreV1.ListNamespacedConfigMapAsync("default");
        await fixture.Client.CoreV1.DeleteNamespacedServiceAccountAsync("robot", "default");
        var after = await Assert.ThrowsAsync<HttpOperationException>(() => robot.CoreV1.ListNamespacedConfigMapAsync("default"));

        Assert.NotNull(before.Metadata.ResourceVersion);
        Assert.Equal(HttpStatusCode.Unauthorized, after.Response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_token_is_401()
    {
        using var stranger = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(
            new MemoryStream(System.Text.Encoding.UTF8.GetBytes(fixture.Server.KubeconfigFor("not-a-token", "stranger")))));

        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => stranger.CoreV1.ListNamespaceAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, ex.Response.StatusCode);
    }
}
