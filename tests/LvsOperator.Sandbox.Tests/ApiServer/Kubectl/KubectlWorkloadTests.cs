using k8s;
using k8s.Autorest;
using k8s.Models;

namespace LvsOperator.Sandbox.Tests.ApiServer.Kubectl;

/// <summary>The real kubectl on the built-ins the multi-node sandbox relies on: Deployment /scale and graceful pod deletion.</summary>
public sealed class KubectlWorkloadTests(SandboxServerFixture fixture) : IClassFixture<SandboxServerFixture>
{
    private readonly KubectlRunner _kubectl = new(fixture.KubeconfigPath, fixture.WorkDir);

    [Fact]
    public async Task Kubectl_scale_sets_replicas_through_the_scale_subresource()
    {
        await CreateDeploymentAsync("scaled", replicas: 1);

        var scaled = (await _kubectl.RunAsync("scale", "deployment", "scaled", "--replicas=3")).EnsureSuccess();
        var guarded = await _kubectl.RunAsync("scale", "deployment", "scaled", "--current-replicas=1", "--replicas=5");
        var scale = await fixture.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("scaled", "default");
        var deployment = await fixture.Client.AppsV1.ReadNamespacedDeploymentAsync("scaled", "default");

        Assert.Contains("deployment.apps/scaled scaled", scaled.Stdout, StringComparison.Ordinal);
        Assert.False(guarded.Succeeded, guarded.ToString()); // the precondition (3 != 1) holds it back
        Assert.Equal((3, "app=scaled"), (scale.Spec.Replicas, scale.Status.Selector));
        Assert.Equal((3, 2L), (deployment.Spec.Replicas, deployment.Metadata.Generation));
    }

    [Fact]
    public async Task A_negative_scale_is_invalid_and_a_scale_of_something_absent_is_not_found()
    {
        await CreateDeploymentAsync("bounded", replicas: 2);

        var negative = await Assert.ThrowsAsync<HttpOperationException>(() =>
            fixture.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":-1}}""", V1Patch.PatchType.MergePatch), "bounded", "default"));
        var absent = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("absent", "default"));

        Assert.Equal((422, 404), ((int)negative.Response.StatusCode, (int)absent.Response.StatusCode));
        Assert.Equal(2, (await fixture.Client.AppsV1.ReadNamespacedDeploymentAsync("bounded", "default")).Spec.Replicas);
    }

    [Fact]
    public async Task Deleting_a_held_pod_records_its_grace_period_and_a_forced_delete_shortens_it()
    {
        await fixture.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "held", Finalizers = ["example.com/hold"] },
            Spec = new V1PodSpec { TerminationGracePeriodSeconds = 7, Containers = [new V1Container { Name = "c", Image = "x" }] },
        }, "default");

        (await _kubectl.RunAsync("delete", "pod", "held", "--wait=false")).EnsureSuccess();
        var graceful = await fixture.Client.CoreV1.ReadNamespacedPodAsync("held", "default");
        (await _kubectl.RunAsync("delete", "pod", "held", "--grace-period=0", "--force", "--wait=false")).EnsureSuccess();
        var forced = await fixture.Client.CoreV1.ReadNamespacedPodAsync("held", "default");
        await fixture.Client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "held", "default");

        Assert.NotNull(graceful.Metadata.DeletionTimestamp);
        Assert.Equal((7L, 0L), (graceful.Metadata.DeletionGracePeriodSeconds, forced.Metadata.DeletionGracePeriodSeconds));
        Assert.DoesNotContain((await fixture.Client.CoreV1.ListNamespacedPodAsync("default")).Items, p => p.Metadata.Name == "held");
    }

    private Task<V1Deployment> CreateDeploymentAsync(string name, int replicas) =>
        fixture.Client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "x" }] },
                },
            },
        }, "default");
}
