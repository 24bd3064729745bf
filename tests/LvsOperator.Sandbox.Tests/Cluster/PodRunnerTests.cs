using System.Text.Json;
using k8s;
using k8s.Models;
using LvsOperator.Sandbox.Cluster;
using LvsOperator.Sandbox.Processes;

namespace LvsOperator.Sandbox.Tests.Cluster;

/// <summary>
/// Pods whose image is a program: the operator's and the agents' pods run the stand-in container, which reports what
/// its pod gave it (environment, downward API, credentials) and what the API server let its ServiceAccount do.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PodRunnerTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_operator_pod_gets_its_env_downward_API_args_and_a_ServiceAccount_token_that_RBAC_limits()
    {
        var pod = await SystemPodAsync("app.kubernetes.io/name=lvs-operator");
        var report = await ReportAsync(pod, "operator");
        var env = report.GetProperty("env");

        Assert.Equal("node1", pod.Spec.NodeName);
        Assert.StartsWith("198.19.1.", pod.Status.PodIP, StringComparison.Ordinal); // the pod network behind node1
        Assert.Equal(["--http-address", pod.Status.PodIP, "--http-port", "9407"], report.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(("node1", "lvs-system", pod.Metadata.Name, pod.Status.PodIP, pod.Metadata.Name),
            (Env(env, "NODE_NAME"), Env(env, "POD_NAMESPACE"), Env(env, "POD_NAME"), Env(env, "POD_IP"), Env(env, "HOSTNAME")));
        Assert.Equal(("198.18.0.250", "6443"), (Env(env, "KUBERNETES_SERVICE_HOST"), Env(env, "KUBERNETES_SERVICE_PORT")));
        Assert.Null(Env(env, ClusterFixture.HostOnlyVariable)); // nothing of the sandbox's own environment leaks in
        Assert.True(report.GetProperty("inCluster").GetBoolean());
        var api = report.GetProperty("api");
        foreach (var config in new[] { "default", "inCluster" })
        {
            Assert.Equal("200", api.GetProperty($"{config}.listNodes").GetString()); // the ClusterRole grants nodes list
            Assert.Equal("403", api.GetProperty($"{config}.listSecrets").GetString()); // and nothing on secrets
        }
    }

    [Fact]
    public async Task Agents_run_on_every_node_in_its_namespace_and_a_killed_agent_comes_back()
    {
        var agents = (await fixture.Client.CoreV1.ListNamespacedPodAsync("lvs-system", labelSelector: "app.kubernetes.io/name=lvs-agent")).Items;
        Assert.Equal(fixture.Cluster.Nodes.Select(n => n.Name).Order(), agents.Select(a => a.Spec.NodeName).Order());
        foreach (var agent in agents)
        {
            var node = fixture.Cluster.Nodes.Single(n => n.Name == agent.Spec.NodeName);
            Assert.Equal((node.Address.ToString(), node.Namespace), (agent.Status.PodIP, fixture.Cluster.PodNetworkNamespace("lvs-system", agent.Metadata.Name)));
            Assert.Equal(node.Name, Env((await ReportAsync(agent, "agent")).GetProperty("env"), "NODE_NAME"));
        }

        var victim = agents[0];
        var restarts = victim.Status.ContainerStatuses[0].RestartCount;
        var pid = fixture.Cluster.ContainerProcessId("lvs-system", victim.Metadata.Name);
        Assert.True(fixture.Cluster.SignalContainer("lvs-system", victim.Metadata.Name, ProcessSignal.Kill));

        var back = await Eventually.WaitAsync(async () =>
        {
            var pod = await fixture.Client.CoreV1.ReadNamespacedPodAsync(victim.Metadata.Name, "lvs-system");
            return pod.Status.ContainerStatuses[0] is { Ready: true } status && status.RestartCount == restarts + 1 ? pod : null;
        }, "the killed agent to be restarted and ready");
        var status = back.Status.ContainerStatuses[0];
        Assert.Equal((137, "Error"), (status.LastState.Terminated.ExitCode, status.LastState.Terminated.Reason));
        Assert.NotEqual(pid, fixture.Cluster.ContainerProcessId("lvs-system", victim.Metadata.Name));
        Assert.Equal(victim.Metadata.Uid, back.Metadata.Uid); // the same pod: the kubelet restarts containers in place
    }

    [Fact]
    public async Task A_pod_whose_image_the_sandbox_does_not_know_waits_with_the_reason()
    {
        var pod = await fixture.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "unknown-image", NamespaceProperty = "default" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "registry.example/nope:1" }], TerminationGracePeriodSeconds = 0 },
        }, "default");
        try
        {
            var waiting = await Eventually.WaitAsync(async () =>
                (await fixture.Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, "default")).Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting,
                "the pod's container status");

            Assert.Equal("ErrImageNeverPull", waiting.Reason);
            Assert.Contains("registry.example/nope:1", waiting.Message, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, "default");
            await Eventually.WaitAsync(async () => !(await fixture.Client.CoreV1.ListNamespacedPodAsync("default")).Items.Any(p => p.Metadata.Name == pod.Metadata.Name), "the pod to go");
        }
    }

    private async Task<V1Pod> SystemPodAsync(string selector) =>
        (await fixture.Client.CoreV1.ListNamespacedPodAsync("lvs-system", labelSelector: selector)).Items.Single();

    /// <summary>The stand-in container's "report {json}" line from its log file.</summary>
    private async Task<JsonElement> ReportAsync(V1Pod pod, string container)
    {
        var path = fixture.Cluster.LogPath(pod.Metadata.NamespaceProperty, pod.Metadata.Name, container);
        var line = await Eventually.WaitAsync(async () =>
            File.Exists(path) ? (await File.ReadAllLinesAsync(path)).LastOrDefault(l => l.StartsWith("report ", StringComparison.Ordinal)) : null, $"a report in {path}");
        return JsonDocument.Parse(line["report ".Length..]).RootElement;
    }

    private static string? Env(JsonElement env, string name) => env.GetProperty(name).GetString();
}
