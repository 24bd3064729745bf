using LvsOperator.Api;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Status;
using LvsOperator.Kubernetes.Tests.TestSupport;

namespace LvsOperator.Kubernetes.Tests.Status;

public sealed class StatusWriterTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private readonly IResourceClient<VirtualService> _virtualServices = ResourceClients.VirtualServices(sandbox.Client);

    [Fact]
    public async Task Writes_the_status_subresource_and_sends_nothing_when_nothing_changed()
    {
        var ns = await sandbox.NamespaceAsync("status");
        var created = await _virtualServices.CreateAsync(TestObjects.VirtualService(ns, "web"), default);
        var writer = new StatusWriter<VirtualService>(_virtualServices);

        var written = await writer.UpdateAsync(ns, "web", SetObservedGeneration(7), default);
        var unchanged = await writer.UpdateAsync(ns, "web", SetObservedGeneration(7), default);
        var refused = await writer.UpdateAsync(ns, "web", _ => false, default);
        var missing = await writer.UpdateAsync(ns, "absent", SetObservedGeneration(1), default);

        Assert.Equal(StatusWriteOutcome.Written, written.Outcome);
        Assert.Equal(7, written.Object!.Status!.ObservedGeneration);
        Assert.Equal(created.Spec.Vip, written.Object.Spec.Vip);
        Assert.Equal(StatusWriteOutcome.Unchanged, unchanged.Outcome);
        Assert.Equal(written.Object.Metadata.ResourceVersion, unchanged.Object!.Metadata.ResourceVersion);
        Assert.Equal(StatusWriteOutcome.Unchanged, refused.Outcome);
        Assert.Equal(StatusWriteOutcome.NotFound, missing.Outcome);
        Assert.Equal(written.Object.Metadata.ResourceVersion, (await _virtualServices.GetAsync(ns, "web", default))!.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_stale_starting_object_meets_a_409_and_is_retried_from_a_fresh_read_keeping_the_other_write()
    {
        var ns = await sandbox.NamespaceAsync("status-stale");
        var stale = await _virtualServices.CreateAsync(TestObjects.VirtualService(ns, "web"), default);
        var writer = new StatusWriter<VirtualService>(_virtualServices);
        await writer.UpdateAsync(ns, "web", Director("node1", "first"), default);
        var mutations = 0;

        var result = await writer.UpdateAsync(stale, vs =>
        {
            mutations++;
            return Director("node2", "second")(vs);
        }, default);

        Assert.Equal(StatusWriteOutcome.Written, result.Outcome);
        Assert.Equal(2, mutations);
        Assert.Equal(["node1", "node2"], result.Object!.Status!.Directors!.Select(d => d.NodeName).Order());
    }

    [Fact]
    public async Task Two_concurrent_writers_of_their_own_entries_both_keep_every_change()
    {
        var ns = await sandbox.NamespaceAsync("status-race");
        await _virtualServices.CreateAsync(TestObjects.VirtualService(ns, "web"), default);
        var conflicts = new CountingClient(_virtualServices);
        var writer = new StatusWriter<VirtualService>(conflicts);
        const int Rounds = 25;

        async Task WriteAsync(string node)
        {
            for (var i = 1; i <= Rounds; i++)
            {
                var result = await writer.UpdateAsync(ns, "web", Director(node, $"round {i}"), default);
                Assert.Equal(StatusWriteOutcome.Written, result.Outcome);
            }
        }

        await Task.WhenAll(Task.Run(() => WriteAsync("node1")), Task.Run(() => WriteAsync("node2"))).WaitAsync(Eventually.Bound);

        var directors = (await _virtualServices.GetAsync(ns, "web", default))!.Status!.Directors!;
        Assert.Equal(2, directors.Count);
        Assert.All(directors, d => Assert.Equal($"round {Rounds}", Assert.Single(d.Conditions!).Message));
        Assert.Equal(2 * Rounds, conflicts.Writes - conflicts.Conflicts);
    }

    private static Func<VirtualService, bool> SetObservedGeneration(long generation) => vs =>
    {
        vs.Status ??= new VirtualServiceStatus();
        vs.Status.ObservedGeneration = generation;
        return true;
    };

    // Each agent owns its director entry: replace it, leave the others as read.
    private static Func<VirtualService, bool> Director(string node, string message) => vs =>
    {
        vs.Status ??= new VirtualServiceStatus();
        var directors = vs.Status.Directors?.Where(d => d.NodeName != node).ToList() ?? [];
        directors.Add(new DirectorStatus { NodeName = node, Conditions = [TestObjects.Condition("Programmed", "True", "Programmed", message)] });
        vs.Status.Directors = directors;
        return true;
    };

    private sealed class CountingClient(IResourceClient<VirtualService> inner) : IResourceClient<VirtualService>
    {
        private int _writes;
        private int _conflicts;

        public int Writes => _writes;

        public int Conflicts => _conflicts;

        public bool Namespaced => inner.Namespaced;

        public async Task<VirtualService> ReplaceStatusAsync(VirtualService obj, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _writes);
            try
            {
                return await inner.ReplaceStatusAsync(obj, cancellationToken);
            }
            catch (Exception e) when (ApiErrors.IsConflict(e))
            {
                Interlocked.Increment(ref _conflicts);
                throw;
            }
        }

        public Task<ResourceList<VirtualService>> ListAsync(ResourceSelector selector, int? limit, string? continueToken, CancellationToken cancellationToken) =>
            inner.ListAsync(selector, limit, continueToken, cancellationToken);

        public IAsyncEnumerable<(k8s.WatchEventType Type, VirtualService Object)> WatchAsync(
            ResourceSelector selector, string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken) =>
            inner.WatchAsync(selector, resourceVersion, timeoutSeconds, onError, cancellationToken);

        public Task<VirtualService?> GetAsync(string? namespaceName, string name, CancellationToken cancellationToken) => inner.GetAsync(namespaceName, name, cancellationToken);

        public Task<VirtualService> CreateAsync(VirtualService obj, CancellationToken cancellationToken) => inner.CreateAsync(obj, cancellationToken);

        public Task<VirtualService> ReplaceAsync(VirtualService obj, CancellationToken cancellationToken) => inner.ReplaceAsync(obj, cancellationToken);

        public Task<VirtualService> PatchAsync(string? namespaceName, string name, k8s.Models.V1Patch patch, CancellationToken cancellationToken) =>
            inner.PatchAsync(namespaceName, name, patch, cancellationToken);

        public Task<bool> DeleteAsync(string? namespaceName, string name, CancellationToken cancellationToken) => inner.DeleteAsync(namespaceName, name, cancellationToken);
    }
}
