using System.Text.Json;
using k8s;

namespace LvsOperator.Sandbox.Tests.ApiServer.Helm;

/// <summary>The real helm v4 binary against the sandbox API server, with the test chart in Helm/testchart.</summary>
public sealed class HelmTests(HelmSandbox sandbox) : IClassFixture<HelmSandbox>
{
    [Fact]
    public async Task Install_creates_the_crd_every_template_and_a_deployed_release_secret()
    {
        var result = await sandbox.HelmAsync("install", "inst", HelmBinary.ChartPath, "-n", "helm-install", "--create-namespace");
        Assert.True(result.ExitCode == 0, result.ToString());

        var client = sandbox.Client;
        var crd = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("widgets.charttest.example.com");
        Assert.Equal("Widget", crd.Spec.Names.Kind);

        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("inst-web", "helm-install");
        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.Equal("hello", deployment.Spec.Template.Spec.Containers[0].Env[0].Value);
        Assert.NotNull(await client.AppsV1.ReadNamespacedDaemonSetAsync("inst-agent", "helm-install"));
        Assert.NotNull(await client.CoreV1.ReadNamespacedServiceAccountAsync("inst-app", "helm-install"));
        Assert.NotNull(await client.RbacAuthorizationV1.ReadNamespacedRoleAsync("inst-reader", "helm-install"));
        var binding = await client.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync("inst-reader", "helm-install");
        Assert.Equal("inst-app", binding.Subjects[0].Name);

        var widget = await ReadWidgetAsync("inst-widget", "helm-install");
        Assert.Equal("hello", widget.GetProperty("spec").GetProperty("message").GetString());
        Assert.Equal(3, widget.GetProperty("spec").GetProperty("size").GetInt32()); // CRD default applied

        var secrets = await client.CoreV1.ListNamespacedSecretAsync("helm-install", labelSelector: "owner=helm,name=inst");
        var release = Assert.Single(secrets.Items);
        Assert.Equal("sh.helm.release.v1.inst.v1", release.Metadata.Name);
        Assert.Equal("helm.sh/release.v1", release.Type);
        Assert.Equal("deployed", release.Metadata.Labels["status"]);

        var status = await sandbox.HelmAsync("status", "inst", "-n", "helm-install", "-o", "json");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal("deployed", JsonDocument.Parse(status.Stdout).RootElement.GetProperty("info").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Upgrade_changes_the_stored_objects_and_records_a_second_revision()
    {
        var install = await sandbox.HelmAsync("install", "upg", HelmBinary.ChartPath, "-n", "helm-upgrade", "--create-namespace");
        Assert.True(install.ExitCode == 0, install.ToString());

        var upgrade = await sandbox.HelmAsync("upgrade", "upg", HelmBinary.ChartPath, "-n", "helm-upgrade",
            "--set", "greeting=bonjour", "--set", "replicas=3");
        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());

        var deployment = await sandbox.Client.AppsV1.ReadNamespacedDeploymentAsync("upg-web", "helm-upgrade");
        Assert.Equal(3, deployment.Spec.Replicas);
        Assert.Equal("bonjour", deployment.Spec.Template.Spec.Containers[0].Env[0].Value);
        Assert.Equal(2, deployment.Metadata.Generation);
        var widget = await ReadWidgetAsync("upg-widget", "helm-upgrade");
        Assert.Equal("bonjour", widget.GetProperty("spec").GetProperty("message").GetString());

        var secrets = await sandbox.Client.CoreV1.ListNamespacedSecretAsync("helm-upgrade", labelSelector: "owner=helm,name=upg");
        var byName = secrets.Items.ToDictionary(s => s.Metadata.Name, s => s.Metadata.Labels["status"]);
        Assert.Equal("superseded", byName["sh.helm.release.v1.upg.v1"]);
        Assert.Equal("deployed", byName["sh.helm.release.v1.upg.v2"]);

        var values = await sandbox.HelmAsync("get", "values", "upg", "-n", "helm-upgrade", "-o", "json");
        Assert.True(values.ExitCode == 0, values.ToString());
        Assert.Equal("bonjour", JsonDocument.Parse(values.Stdout).RootElement.GetProperty("greeting").GetString());
    }

    [Fact]
    public async Task Uninstall_removes_every_template_object_and_the_release_secrets_but_keeps_the_crd()
    {
        var install = await sandbox.HelmAsync("install", "gone", HelmBinary.ChartPath, "-n", "helm-uninstall", "--create-namespace");
        Assert.True(install.ExitCode == 0, install.ToString());
        var upgrade = await sandbox.HelmAsync("upgrade", "gone", HelmBinary.ChartPath, "-n", "helm-uninstall", "--set", "greeting=hi");
        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());

        var uninstall = await sandbox.HelmAsync("uninstall", "gone", "-n", "helm-uninstall", "--wait");
        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());

        var client = sandbox.Client;
        Assert.False(await HelmSandbox.ExistsAsync(() => client.AppsV1.ReadNamespacedDeploymentAsync("gone-web", "helm-uninstall")));
        Assert.False(await HelmSandbox.ExistsAsync(() => client.AppsV1.ReadNamespacedDaemonSetAsync("gone-agent", "helm-uninstall")));
        Assert.False(await HelmSandbox.ExistsAsync(() => client.CoreV1.ReadNamespacedServiceAccountAsync("gone-app", "helm-uninstall")));
        Assert.False(await HelmSandbox.ExistsAsync(() => client.RbacAuthorizationV1.ReadNamespacedRoleAsync("gone-reader", "helm-uninstall")));
        Assert.False(await HelmSandbox.ExistsAsync(() => client.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync("gone-reader", "helm-uninstall")));
        Assert.False(await HelmSandbox.ExistsAsync(() => ReadWidgetAsync("gone-widget", "helm-uninstall")));
        var secrets = await client.CoreV1.ListNamespacedSecretAsync("helm-uninstall", labelSelector: "owner=helm,name=gone");
        Assert.Empty(secrets.Items);

        // helm never deletes what it installed from crds/.
        Assert.True(await HelmSandbox.ExistsAsync(() => client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("widgets.charttest.example.com")));

        var list = await sandbox.HelmAsync("list", "-n", "helm-uninstall", "-q");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.DoesNotContain("gone", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_with_wait_returns_once_deployment_and_daemonset_are_rolled_out()
    {
        // helm v4's --wait is the kstatus "watcher": it returns when every object is Current, i.e.
        // observedGeneration caught up and the replica counts / Available condition are complete.
        var result = await sandbox.HelmAsync("install", "waited", HelmBinary.ChartPath, "-n", "helm-wait", "--create-namespace",
            "--wait", "--timeout", "90s");
        Assert.True(result.ExitCode == 0, result.ToString());

        var deployment = await sandbox.Client.AppsV1.ReadNamespacedDeploymentAsync("waited-web", "helm-wait");
        Assert.Equal(deployment.Metadata.Generation, deployment.Status.ObservedGeneration);
        Assert.Equal(2, deployment.Status.ReadyReplicas);
        var daemonSet = await sandbox.Client.AppsV1.ReadNamespacedDaemonSetAsync("waited-agent", "helm-wait");
        Assert.Equal(daemonSet.Metadata.Generation, daemonSet.Status.ObservedGeneration);
        Assert.Equal(daemonSet.Status.DesiredNumberScheduled, daemonSet.Status.NumberReady);

        var upgrade = await sandbox.HelmAsync("upgrade", "waited", HelmBinary.ChartPath, "-n", "helm-wait",
            "--set", "replicas=4", "--wait", "--timeout", "90s");
        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
        deployment = await sandbox.Client.AppsV1.ReadNamespacedDeploymentAsync("waited-web", "helm-wait");
        Assert.Equal(4, deployment.Status.ReadyReplicas);
    }

    private async Task<JsonElement> ReadWidgetAsync(string name, string ns)
    {
        var obj = await sandbox.Client.CustomObjects.GetNamespacedCustomObjectAsync("charttest.example.com", "v1", ns, "widgets", name);
        return (JsonElement)obj;
    }
}
