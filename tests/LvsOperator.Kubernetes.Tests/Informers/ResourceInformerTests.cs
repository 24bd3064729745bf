using System.Globalization;
using k8s;
using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Kubernetes.Caching;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Informers;
using LvsOperator.Kubernetes.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace LvsOperator.Kubernetes.Tests.Informers;

/// <summary>Informers against the sandbox API server: list + watch, bookmarks, 410 relists, resync, handlers.</summary>
public sealed class ResourceInformerTests(SandboxFixture sandbox, ITestOutputHelper output) : IClassFixture<SandboxFixture>
{
    private readonly IKubernetes _client = sandbox.Client;

    [Fact]
    public async Task Lists_in_pages_then_watches_and_delivers_adds_updates_and_deletes_of_a_custom_resource()
    {
        var ns = await sandbox.NamespaceAsync("vs");
        var virtualServices = ResourceClients.VirtualServices(_client);
        for (var i = 0; i < 5; i++)
        {
            await virtualServices.CreateAsync(TestObjects.VirtualService(ns, $"pre-{i}", vip: $"198.18.0.{100 + i}"), default);
        }

        var informer = Informer(virtualServices, new ResourceInformerOptions { Selector = new ResourceSelector(ns), PageSize = 2 });
        var log = new EventLog<VirtualService>();
        using var handler = informer.AddHandler(log.Add);
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(stop.Token).WaitAsync(Eventually.Bound);

        Assert.Equal(5, informer.Cache.Count);
        Assert.Equal(5, log.Count);
        Assert.All(log.Events, e => Assert.Equal(ResourceEventType.Added, e.Type));
        Assert.All(informer.Cache.List(), vs => Assert.Equal((VirtualServiceApi.ApiVersion, VirtualServiceApi.Kind), (vs.ApiVersion, vs.Kind)));
        log.Clear();

        var added = await virtualServices.CreateAsync(TestObjects.VirtualService(ns, "new", vip: "198.18.0.120"), default);
        var changed = await virtualServices.GetAsync(ns, "pre-0", default);
        changed!.Spec.Vip = "198.18.0.130";
        changed = await virtualServices.ReplaceAsync(changed, default);
        await virtualServices.DeleteAsync(ns, "pre-1", default);
        await Eventually.WaitAsync(() => log.Count >= 3, "three watch events");

        Assert.Equal(["Added new", "Updated pre-0", "Deleted pre-1"], log.Lines);
        var update = log.Events[1];
        Assert.Equal("198.18.0.100", update.Old!.Spec.Vip);
        Assert.Equal("198.18.0.130", update.Object.Spec.Vip);
        Assert.False(update.IsResync);
        Assert.Equal(changed.Metadata.ResourceVersion, informer.Cache.Get(ns, "pre-0")!.Metadata.ResourceVersion);
        Assert.Null(informer.Cache.Get(ns, "pre-1"));
        Assert.NotNull(informer.Cache.Get(ns, added.Metadata.Name));
        Assert.Equal(1, informer.Lists);
        await StopAsync(stop, running);
    }

    [Fact]
    public async Task Core_and_group_kinds_are_watched_with_label_and_field_selectors_and_cluster_scope()
    {
        var ns = await sandbox.NamespaceAsync("kinds");
        var slices = ResourceClients.EndpointSlices(_client);
        await slices.CreateAsync(TestObjects.EndpointSlice(ns, "echo-a", "echo", "198.19.1.10"), default);
        await slices.CreateAsync(TestObjects.EndpointSlice(ns, "other-a", "other", "198.19.1.11"), default);
        await _client.CoreV1.CreateNamespacedServiceAsync(Service("echo"), ns);
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("echo-0", "echo"), ns);
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("db-0", "db"), ns);
        await _client.CoreV1.CreateNodeAsync(Node($"{ns}-node1"));
        await _client.CoreV1.CreateNodeAsync(Node($"{ns}-node2"));

        var sliceInformer = Informer(slices, new ResourceInformerOptions { Selector = new ResourceSelector(ns, LabelSelector: "kubernetes.io/service-name=echo") });
        sliceInformer.Cache.AddIndex("service", CacheIndexes.ByLabel("kubernetes.io/service-name"));
        var serviceInformer = Informer(ResourceClients.Services(_client), new ResourceInformerOptions { Selector = new ResourceSelector(ns) });
        var nodeInformer = Informer(ResourceClients.Nodes(_client), new ResourceInformerOptions { Selector = new ResourceSelector(FieldSelector: $"metadata.name={ns}-node2") });
        var podInformer = Informer(ResourceClients.Pods(_client), new ResourceInformerOptions { Selector = new ResourceSelector(ns, LabelSelector: "app=echo") });
        IResourceInformer[] informers = [sliceInformer, serviceInformer, nodeInformer, podInformer];
        using var stop = new CancellationTokenSource();
        var running = Task.WhenAll(informers.Select(i => i.RunAsync(stop.Token)));
        await Task.WhenAll(informers.Select(i => i.WaitForSyncAsync(stop.Token))).WaitAsync(Eventually.Bound);

        Assert.Equal(["echo-a"], sliceInformer.Cache.ByIndex("service", $"{ns}/echo").Select(s => s.Metadata.Name));
        Assert.Equal("v1", Assert.Single(serviceInformer.Cache.List()).ApiVersion);
        Assert.Equal([$"{ns}-node2"], nodeInformer.Cache.Keys());
        Assert.Equal([$"{ns}/echo-0"], podInformer.Cache.Keys());
        Assert.Equal(("v1", "Pod"), (podInformer.Cache.List()[0].ApiVersion, podInformer.Cache.List()[0].Kind));

        await slices.CreateAsync(TestObjects.EndpointSlice(ns, "echo-b", "echo", "198.19.2.10"), default);
        await slices.CreateAsync(TestObjects.EndpointSlice(ns, "other-b", "other", "198.19.2.11"), default);
        await _client.CoreV1.DeleteNamespacedServiceAsync("echo", ns);
        await Eventually.WaitAsync(() => sliceInformer.Cache.Count == 2 && serviceInformer.Cache.Count == 0, "the new slice and the deleted service");

        Assert.Equal(["echo-a", "echo-b"], sliceInformer.Cache.ByIndex("service", $"{ns}/echo").Select(s => s.Metadata.Name).Order());
        await StopAsync(stop, running);
    }

    [Fact]
    public async Task Bookmarks_advance_the_resource_version_while_nothing_watched_changes()
    {
        var quiet = await sandbox.NamespaceAsync("quiet");
        var busy = await sandbox.NamespaceAsync("busy");
        var informer = Informer(ResourceClients.VirtualServices(_client), new ResourceInformerOptions { Selector = new ResourceSelector(quiet) });
        var log = new EventLog<VirtualService>();
        using var handler = informer.AddHandler(log.Add);
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(stop.Token).WaitAsync(Eventually.Bound);
        var listed = Revision(informer.ResourceVersion!);

        var last = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "elsewhere" } }, busy);
        var later = Revision(last.Metadata.ResourceVersion);
        await Eventually.WaitAsync(() => Revision(informer.ResourceVersion!) >= later, "a bookmark past the unrelated write");

        Assert.True(later > listed);
        Assert.True(informer.Bookmarks > 0);
        Assert.Equal(0, log.Count);
        await StopAsync(stop, running);
    }

    [Fact]
    public async Task An_expired_resource_version_relists_and_delivers_only_what_changed_meanwhile()
    {
        var ns = await sandbox.NamespaceAsync("expire");
        var churn = await sandbox.NamespaceAsync("churn");
        var virtualServices = ResourceClients.VirtualServices(_client);
        foreach (var name in new[] { "deleted", "updated", "unchanged" })
        {
            await virtualServices.CreateAsync(TestObjects.VirtualService(ns, name), default);
        }

        var gated = new GatedReader<VirtualService>(virtualServices);
        var informer = Informer(gated, new ResourceInformerOptions { Selector = new ResourceSelector(ns) });
        var log = new EventLog<VirtualService>();
        using var handler = informer.AddHandler(log.Add);
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(stop.Token).WaitAsync(Eventually.Bound);
        await Eventually.WaitAsync(() => gated.WatchesStarted == 1, "the first watch");
        var unchanged = informer.Cache.Get(ns, "unchanged");
        log.Clear();

        gated.Close();
        await Eventually.WaitAsync(() => gated.Waiting, "the informer disconnected");
        await virtualServices.DeleteAsync(ns, "deleted", default);
        var updated = (await virtualServices.GetAsync(ns, "updated", default))!;
        updated.Spec.Vip = "198.18.0.150";
        await virtualServices.ReplaceAsync(updated, default);
        await virtualServices.CreateAsync(TestObjects.VirtualService(ns, "created"), default);
        var cm = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "churn" } }, churn);
        for (var i = 0; i <= SandboxFixture.HistoryLimit; i++)
        {
            cm.Data = new Dictionary<string, string> { ["i"] = i.ToString(CultureInfo.InvariantCulture) };
            cm = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "churn", churn);
        }

        gated.Open();
        await Eventually.WaitAsync(() => informer.Lists == 2 && log.Count >= 3, "the relist after 410 and its differences");

        Assert.Equal(["Deleted deleted", "Added created", "Updated updated"], log.Lines.OrderBy(l => l.Split(' ')[0] == "Deleted" ? 0 : 1).ThenBy(l => l));
        Assert.Equal("198.18.0.150", informer.Cache.Get(ns, "updated")!.Spec.Vip);
        Assert.Same(unchanged, informer.Cache.Get(ns, "unchanged"));
        Assert.Equal(["created", "unchanged", "updated"], informer.Cache.List().Select(v => v.Metadata.Name).Order());

        // Watching resumed from the relist: a later change arrives once, as a watch event.
        await virtualServices.DeleteAsync(ns, "unchanged", default);
        await Eventually.WaitAsync(() => log.Count == 4, "the delete after the relist");
        Assert.Equal("Deleted unchanged", log.Lines[^1]);
        Assert.Equal(2, informer.Lists);
        await StopAsync(stop, running);
    }

    [Fact]
    public async Task A_resync_redelivers_every_cached_object_as_an_update_of_itself()
    {
        var ns = await sandbox.NamespaceAsync("resync");
        var virtualServices = ResourceClients.VirtualServices(_client);
        await virtualServices.CreateAsync(TestObjects.VirtualService(ns, "a"), default);
        await virtualServices.CreateAsync(TestObjects.VirtualService(ns, "b"), default);
        var time = new FakeTimeProvider();
        var informer = Informer(virtualServices, new ResourceInformerOptions { Selector = new ResourceSelector(ns), ResyncPeriod = TimeSpan.FromMinutes(10) }, time);
        var log = new EventLog<VirtualService>();
        using var handler = informer.AddHandler(log.Add);
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(stop.Token).WaitAsync(Eventually.Bound);
        log.Clear();

        time.Advance(TimeSpan.FromMinutes(10));
        await Eventually.WaitAsync(() => log.Count == 2, "the resync");

        Assert.Equal(["Updated a", "Updated b"], log.Lines.Order());
        Assert.All(log.Events, e => Assert.True(e.IsResync));
        await StopAsync(stop, running);
    }

    [Fact]
    public async Task A_handler_added_late_first_receives_what_is_cached_and_a_throwing_handler_harms_no_one()
    {
        var ns = await sandbox.NamespaceAsync("late");
        var virtualServices = ResourceClients.VirtualServices(_client);
        await virtualServices.CreateAsync(TestObjects.VirtualService(ns, "existing"), default);
        var informer = Informer(virtualServices, new ResourceInformerOptions { Selector = new ResourceSelector(ns) });
        using var thrower = informer.AddHandler(_ => throw new InvalidOperationException("handler bug"));
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(stop.Token).WaitAsync(Eventually.Bound);

        var log = new EventLog<VirtualService>();
        var late = informer.AddHandler(log.Add);
        Assert.Equal(["Added existing"], log.Lines);
        await virtualServices.CreateAsync(TestObjects.VirtualService(ns, "next"), default);
        await Eventually.WaitAsync(() => log.Count == 2, "the next object");
        late.Dispose();
        await virtualServices.CreateAsync(TestObjects.VirtualService(ns, "unseen"), default);
        await Eventually.WaitAsync(() => informer.Cache.Count == 3, "the third object cached");

        Assert.Equal(["Added existing", "Added next"], log.Lines);
        await StopAsync(stop, running);
    }

    private static long Revision(string resourceVersion) => long.Parse(resourceVersion, CultureInfo.InvariantCulture);

    private static V1Service Service(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "http", Port = 8080 }] },
    };

    private static V1Pod Pod(string name, string app) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "echo" }] },
    };

    private static V1Node Node(string name) => new() { Metadata = new V1ObjectMeta { Name = name } };

    private static async Task StopAsync(CancellationTokenSource stop, Task running)
    {
        await stop.CancelAsync();
        await running.WaitAsync(Eventually.Bound);
    }

    private ResourceInformer<T> Informer<T>(IResourceReader<T> reader, ResourceInformerOptions options, TimeProvider? time = null)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        new(reader, options, TestLog.For<ResourceInformer<T>>(output), time);
}
