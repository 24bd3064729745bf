using k8s;
using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Events;
using LvsOperator.Kubernetes.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace LvsOperator.Kubernetes.Tests.Events;

public sealed class EventRecorderTests(SandboxFixture sandbox, ITestOutputHelper output) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Records_a_core_event_about_the_object_and_counts_repeats_instead_of_creating_more()
    {
        var ns = await sandbox.NamespaceAsync("events");
        var vs = await ResourceClients.VirtualServices(sandbox.Client).CreateAsync(TestObjects.VirtualService(ns, "web"), default);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var recorder = Recorder(sandbox.Client, time);

        await recorder.WarningAsync(vs, "VipConflict", "198.18.0.100:80/TCP is also claimed by other/web", default);
        time.Advance(TimeSpan.FromSeconds(5));
        await recorder.WarningAsync(vs, "VipConflict", "198.18.0.100:80/TCP is also claimed by other/web", default);
        await recorder.WarningAsync(vs, "VipConflict", "198.18.0.100:80/TCP is also claimed by other/web", default);
        await recorder.NormalAsync(vs, "Resolved", "2 backends", default);

        var events = (await sandbox.Client.CoreV1.ListNamespacedEventAsync(ns)).Items;
        Assert.Equal(2, events.Count);
        var conflict = Assert.Single(events, e => e.Reason == "VipConflict");
        Assert.Equal((EventTypes.Warning, 3), (conflict.Type, conflict.Count));
        Assert.Equal((VirtualServiceApi.ApiVersion, VirtualServiceApi.Kind, "web", ns, vs.Metadata.Uid),
            (conflict.InvolvedObject.ApiVersion, conflict.InvolvedObject.Kind, conflict.InvolvedObject.Name, conflict.InvolvedObject.NamespaceProperty, conflict.InvolvedObject.Uid));
        Assert.Equal(("lvs-operator", "operator-0"), (conflict.Source.Component, conflict.ReportingInstance));
        Assert.True(conflict.LastTimestamp > conflict.FirstTimestamp);
        var resolved = Assert.Single(events, e => e.Reason == "Resolved");
        Assert.Equal((EventTypes.Normal, 1), (resolved.Type, resolved.Count));
    }

    [Fact]
    public async Task A_repeat_after_the_aggregation_window_is_a_new_event_and_cluster_scoped_objects_report_in_default()
    {
        var node = await sandbox.Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = $"node-{Guid.NewGuid():N}" } });
        node.ApiVersion = "v1";
        node.Kind = "Node";
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var recorder = Recorder(sandbox.Client, time);

        await recorder.NormalAsync(node, "VipAcquired", "holds 198.18.0.100", default);
        time.Advance(TimeSpan.FromMinutes(11));
        await recorder.NormalAsync(node, "VipAcquired", "holds 198.18.0.100", default);

        var events = (await sandbox.Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: $"involvedObject.name={node.Metadata.Name}")).Items;
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal((1, "Node"), (e.Count, e.InvolvedObject.Kind)));
    }

    [Fact]
    public async Task A_failure_to_record_is_swallowed()
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(new FileInfo(sandbox.KubeconfigPath));
        config.AccessToken = "not-a-valid-token";
        using var denied = new k8s.Kubernetes(config);
        var recorder = Recorder(denied, TimeProvider.System);

        await recorder.WarningAsync(TestObjects.VirtualService("default", "web"), "InvalidSpec", "never stored", default);

        Assert.Empty((await sandbox.Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "reason=InvalidSpec")).Items);
    }

    private EventRecorder Recorder(IKubernetes client, TimeProvider time) =>
        new(client, new EventRecorderOptions { ReportingController = "lvs-operator", ReportingInstance = "operator-0" }, TestLog.For<EventRecorder>(output), time);
}
