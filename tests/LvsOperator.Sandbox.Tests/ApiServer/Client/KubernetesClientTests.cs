using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace LvsOperator.Sandbox.Tests.ApiServer.Client;

/// <summary>KubernetesClient 21 against the sandbox: list paging and selectors, watch resume, bookmarks, 410, 409.</summary>
public sealed class KubernetesClientTests(WatchTuningFixture fixture) : IClassFixture<WatchTuningFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly Kubernetes _client = fixture.Client;

    [Fact]
    public async Task List_pages_with_limit_and_continue_and_filters_by_selectors()
    {
        var ns = await NamespaceAsync("list");
        for (var i = 0; i < 5; i++)
        {
            await CreateAsync(ns, $"cm-{i}", i % 2 == 0 ? "a" : "b");
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2, continueParameter: token);
            names.AddRange(page.Items.Select(c => c.Metadata.Name));
            token = page.Metadata.ContinueProperty;
            pages++;
        }
        while (!string.IsNullOrEmpty(token) && pages < 10);

        var tierA = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "tier in (a),!missing");
        var notA = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "tier!=a");
        var byName = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, fieldSelector: "metadata.name=cm-3");

        Assert.Equal(3, pages);
        Assert.Equal(["cm-0", "cm-1", "cm-2", "cm-3", "cm-4"], names);
        Assert.Equal(["cm-0", "cm-2", "cm-4"], tierA.Items.Select(c => c.Metadata.Name));
        Assert.Equal(["cm-1", "cm-3"], notA.Items.Select(c => c.Metadata.Name));
        Assert.Equal("cm-3", Assert.Single(byName.Items).Metadata.Name);
    }

    [Fact]
    public async Task Watch_from_a_resource_version_delivers_only_later_changes_in_order()
    {
        var ns = await NamespaceAsync("resume");
        var first = await CreateAsync(ns, "first", "a");
        var since = first.Metadata.ResourceVersion;
        await CreateAsync(ns, "second", "a");
        first.Data = new Dictionary<string, string> { ["k"] = "v" };
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(first, "first", ns);

        var events = await CollectAsync(ns, since, allowBookmarks: false, count: 2);

        Assert.Equal((WatchEventType.Added, "second"), (events[0].Type, events[0].Object.Metadata.Name));
        Assert.Equal((WatchEventType.Modified, "first"), (events[1].Type, events[1].Object.Metadata.Name));
        Assert.Equal("v", events[1].Object.Data["k"]);
    }

    [Fact]
    public async Task A_label_filtered_watch_sees_objects_leave_and_enter_the_selection()
    {
        var ns = await NamespaceAsync("filtered");
        var cm = await CreateAsync(ns, "moving", "a");
        var since = cm.Metadata.ResourceVersion;
        cm.Metadata.Labels["tier"] = "b";
        cm = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "moving", ns);
        cm.Metadata.Labels["tier"] = "a";
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "moving", ns);

        using var cts = new CancellationTokenSource(Bound);
        var events = new List<WatchEventType>();
        await foreach (var (type, _) in _client.CoreV1.WatchListNamespacedConfigMapAsync(ns, labelSelector: "tier=a", resourceVersion: since, cancellationToken: cts.Token))
        {
            events.Add(type);
            if (events.Count == 2)
            {
                break;
            }
        }

        Assert.Equal([WatchEventType.Deleted, WatchEventType.Added], events);
    }

    [Fact]
    public async Task Watch_with_bookmarks_receives_a_bookmark_with_a_resource_version()
    {
        var ns = await NamespaceAsync("bookmark");
        var list = await _client.CoreV1.ListNamespacedConfigMapAsync(ns);

        var events = await CollectAsync(ns, list.Metadata.ResourceVersion, allowBookmarks: true, count: 1);

        var bookmark = Assert.Single(events);
        Assert.Equal(WatchEventType.Bookmark, bookmark.Type);
        Assert.True(long.Parse(bookmark.Object.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)
            >= long.Parse(list.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Send_initial_events_lists_current_objects_then_marks_their_end()
    {
        var ns = await NamespaceAsync("initial");
        await CreateAsync(ns, "one", "a");
        await CreateAsync(ns, "two", "a");

        using var cts = new CancellationTokenSource(Bound);
        var events = new List<(WatchEventType Type, V1ConfigMap Object)>();
        var stream = _client.CoreV1.WatchListNamespacedConfigMapAsync(
            ns, allowWatchBookmarks: true, sendInitialEvents: true, resourceVersionMatch: "NotOlderThan", cancellationToken: cts.Token);
        await foreach (var e in stream)
        {
            events.Add(e);
            if (e.Item1 == WatchEventType.Bookmark)
            {
                break;
            }
        }

        Assert.Equal(3, events.Count);
        Assert.Equal(["one", "two"], events.Take(2).Select(e => e.Object.Metadata.Name));
        Assert.All(events.Take(2), e => Assert.Equal(WatchEventType.Added, e.Type));
        Assert.Equal("true", events[2].Object.Metadata.Annotations["k8s.io/initial-events-end"]);
    }

    [Fact]
    public async Task Dropping_watch_connections_cuts_an_open_watch_mid_stream_and_a_resumed_watch_misses_nothing()
    {
        var ns = await NamespaceAsync("dropped");
        var first = await CreateAsync(ns, "first", "a");
        using var cts = new CancellationTokenSource(Bound);
        var seen = new List<string>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (_, cm) in _client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: first.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                seen.Add(cm.Metadata.Name);
            }
        });
        await CreateAsync(ns, "second", "a");
        while (fixture.Server.OpenWatchCount == 0 || seen.Count == 0)
        {
            await Task.Delay(20, cts.Token);
        }

        var dropped = fixture.Server.DropWatchConnections();
        var ended = await Task.WhenAny(watching, Task.Delay(Bound, cts.Token));
        var resumeFrom = (await _client.CoreV1.ReadNamespacedConfigMapAsync("second", ns)).Metadata.ResourceVersion;
        await CreateAsync(ns, "third", "a");
        var resumed = await CollectAsync(ns, resumeFrom, allowBookmarks: false, count: 1);

        Assert.True(dropped >= 1);
        Assert.Same(watching, ended); // the stream ended (KubernetesClient ends or faults it; either way the watcher must re-watch)
        Assert.Equal(["second"], seen);
        Assert.Equal("third", resumed.Single().Object.Metadata.Name);
    }

    [Fact]
    public async Task A_compacted_resource_version_gives_410_Expired_and_a_relist_recovers()
    {
        var ns = await NamespaceAsync("gone");
        var old = await CreateAsync(ns, "churn", "a");
        for (var i = 0; i < WatchTuningFixture.HistoryLimit + 5; i++)
        {
            old.Data = new Dictionary<string, string> { ["i"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            old = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(old, "churn", ns);
        }

        Exception? error = null;
        using (var cts = new CancellationTokenSource(Bound))
        {
            var stream = _client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: "2", onError: e => error = e, cancellationToken: cts.Token);
            await foreach (var unused in stream)
            {
                Assert.Fail($"no event expected before the 410, got {unused.Item1}");
            }
        }

        var expired = Assert.IsType<KubernetesException>(error);
        Assert.Equal(410, expired.Status.Code);
        Assert.Equal("Expired", expired.Status.Reason);

        var relist = await _client.CoreV1.ListNamespacedConfigMapAsync(ns);
        var watching = CollectAsync(ns, relist.Metadata.ResourceVersion, allowBookmarks: false, count: 1);
        await CreateAsync(ns, "after-relist", "a");
        var events = await watching;
        Assert.Equal((WatchEventType.Added, "after-relist"), (events[0].Type, events[0].Object.Metadata.Name));
    }

    [Fact]
    public async Task An_update_with_a_stale_resource_version_is_a_409_Conflict()
    {
        var ns = await NamespaceAsync("conflict");
        var original = await CreateAsync(ns, "cm", "a");
        var fresh = await _client.CoreV1.ReadNamespacedConfigMapAsync("cm", ns);
        fresh.Data = new Dictionary<string, string> { ["winner"] = "yes" };
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(fresh, "cm", ns);

        original.Data = new Dictionary<string, string> { ["winner"] = "no" };
        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReplaceNamespacedConfigMapAsync(original, "cm", ns));

        Assert.Equal(HttpStatusCode.Conflict, ex.Response.StatusCode);
        Assert.Contains("\"reason\":\"Conflict\"", ex.Response.Content, StringComparison.Ordinal);
        Assert.Equal("yes", (await _client.CoreV1.ReadNamespacedConfigMapAsync("cm", ns)).Data["winner"]);
    }

    private async Task<List<(WatchEventType Type, V1ConfigMap Object)>> CollectAsync(string ns, string resourceVersion, bool allowBookmarks, int count)
    {
        using var cts = new CancellationTokenSource(Bound);
        var events = new List<(WatchEventType, V1ConfigMap)>();
        var stream = _client.CoreV1.WatchListNamespacedConfigMapAsync(
            ns, allowWatchBookmarks: allowBookmarks, resourceVersion: resourceVersion, cancellationToken: cts.Token);
        await foreach (var e in stream)
        {
            events.Add(e);
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }

    private async Task<string> NamespaceAsync(string prefix)
    {
        var created = await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { GenerateName = prefix + "-" } });
        return created.Metadata.Name;
    }

    private Task<V1ConfigMap> CreateAsync(string ns, string name, string tier) =>
        _client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["tier"] = tier } } }, ns);
}
