using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Kubernetes.Caching;
using LvsOperator.Kubernetes.Tests.TestSupport;

namespace LvsOperator.Kubernetes.Tests.Caching;

public sealed class ResourceCacheTests
{
    private const string ByService = "service";

    [Fact]
    public void Objects_are_found_by_key_and_by_namespace_and_name()
    {
        var cache = new ResourceCache<VirtualService>();
        var web = TestObjects.VirtualService("shop", "web");
        var node = new V1Node { Metadata = new V1ObjectMeta { Name = "node1" } };
        var nodes = new ResourceCache<V1Node>();

        Assert.Null(cache.Upsert(web));
        nodes.Upsert(node);

        Assert.Same(web, cache.Get("shop/web"));
        Assert.Same(web, cache.Get("shop", "web"));
        Assert.Null(cache.Get("other", "web"));
        Assert.Same(node, nodes.Get("node1"));
        Assert.Equal(["shop/web"], cache.Keys());
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Upsert_replaces_without_touching_the_old_version_and_Remove_returns_the_last_one()
    {
        var cache = new ResourceCache<VirtualService>();
        var v1 = TestObjects.VirtualService("shop", "web", vip: "198.18.0.100");
        var v2 = TestObjects.VirtualService("shop", "web", vip: "198.18.0.101");
        cache.Upsert(v1);
        var listed = cache.List();

        var replaced = cache.Upsert(v2);

        Assert.Same(v1, replaced);
        Assert.Equal("198.18.0.100", v1.Spec.Vip);
        Assert.Same(v1, Assert.Single(listed));
        Assert.Same(v2, cache.Remove("shop/web"));
        Assert.Null(cache.Remove("shop/web"));
        Assert.Empty(cache.List());
    }

    [Fact]
    public void A_secondary_index_files_objects_under_their_keys_and_follows_changes()
    {
        var cache = new ResourceCache<V1EndpointSlice>();
        cache.AddIndex(ByService, CacheIndexes.ByLabel("kubernetes.io/service-name"));
        cache.Upsert(TestObjects.EndpointSlice("shop", "web-1", "web", "198.19.1.10"));
        cache.Upsert(TestObjects.EndpointSlice("shop", "web-2", "web", "198.19.2.10"));
        cache.Upsert(TestObjects.EndpointSlice("shop", "db-1", "db", "198.19.1.20"));
        cache.Upsert(TestObjects.EndpointSlice("lab", "web-1", "web", "198.19.3.10"));

        Assert.Equal(["shop/web-1", "shop/web-2"], cache.KeysByIndex(ByService, "shop/web").Order());
        Assert.Equal(["lab/web-1"], cache.KeysByIndex(ByService, "lab/web"));

        cache.Upsert(TestObjects.EndpointSlice("shop", "web-2", "db", "198.19.2.10"));
        cache.Remove("shop/web-1");

        Assert.Empty(cache.ByIndex(ByService, "shop/web"));
        Assert.Equal(["shop/db-1", "shop/web-2"], cache.ByIndex(ByService, "shop/db").Select(ObjectKeys.Of).Order());
        Assert.Empty(cache.ByIndex(ByService, "nowhere/none"));
    }

    [Fact]
    public void An_index_added_later_files_the_objects_already_cached()
    {
        var cache = new ResourceCache<VirtualService>();
        cache.Upsert(TestObjects.VirtualService("shop", "web"));
        cache.Upsert(TestObjects.VirtualService("lab", "web"));

        cache.AddIndex("namespace", CacheIndexes.ByNamespace);

        Assert.Equal(["lab/web"], cache.KeysByIndex("namespace", "lab"));
        Assert.Throws<InvalidOperationException>(() => cache.AddIndex("namespace", CacheIndexes.ByNamespace));
        Assert.Throws<KeyNotFoundException>(() => cache.ByIndex("missing", "x"));
    }

    [Fact]
    public void An_index_function_that_throws_files_that_object_nowhere_and_is_counted()
    {
        var cache = new ResourceCache<VirtualService>();
        cache.AddIndex("vip", vs => vs.Spec.Vip == "bad" ? throw new FormatException("bad vip") : [vs.Spec.Vip]);
        cache.AddIndex("namespace", CacheIndexes.ByNamespace);

        cache.Upsert(TestObjects.VirtualService("shop", "broken", vip: "bad"));
        cache.Upsert(TestObjects.VirtualService("shop", "web", vip: "198.18.0.100"));

        Assert.Equal(1, cache.IndexFailures);
        Assert.NotNull(cache.Get("shop/broken"));
        Assert.Equal(["shop/web"], cache.KeysByIndex("vip", "198.18.0.100"));
        Assert.Equal(2, cache.KeysByIndex("namespace", "shop").Count);
        Assert.Equal(1, cache.IndexFailures);
    }

    [Fact]
    public async Task Readers_on_other_threads_see_consistent_snapshots_while_a_writer_churns()
    {
        var cache = new ResourceCache<V1EndpointSlice>();
        cache.AddIndex(ByService, CacheIndexes.ByLabel("kubernetes.io/service-name"));
        using var stop = new CancellationTokenSource();
        var inconsistent = 0;

        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var slice in cache.ByIndex(ByService, "shop/web"))
                {
                    if (slice.Metadata.Labels["kubernetes.io/service-name"] != "web")
                    {
                        Interlocked.Increment(ref inconsistent);
                    }
                }

                _ = cache.List().Count;
            }
        })).ToArray();

        for (var i = 0; i < 20_000; i++)
        {
            cache.Upsert(TestObjects.EndpointSlice("shop", $"s{i % 50}", i % 3 == 0 ? "db" : "web", "198.19.1.10"));
            if (i % 7 == 0)
            {
                cache.Remove($"shop/s{(i * 13) % 50}");
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, inconsistent);
    }

    [Fact]
    public void Keys_are_namespace_slash_name_or_just_the_name_for_cluster_scoped_objects()
    {
        Assert.Equal("shop/web", ObjectKeys.Of(TestObjects.VirtualService("shop", "web")));
        Assert.Equal("node1", ObjectKeys.Of(new V1Node { Metadata = new V1ObjectMeta { Name = "node1" } }));
        Assert.Equal(("shop", "web"), ObjectKeys.Split("shop/web"));
        Assert.Equal(((string?)null, "node1"), ObjectKeys.Split("node1"));
    }
}
