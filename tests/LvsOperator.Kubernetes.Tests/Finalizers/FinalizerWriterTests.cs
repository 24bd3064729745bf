using LvsOperator.Api;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Finalizers;
using LvsOperator.Kubernetes.Tests.TestSupport;

namespace LvsOperator.Kubernetes.Tests.Finalizers;

public sealed class FinalizerWriterTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string Other = "example.com/keep-me";
    private readonly IResourceClient<VirtualService> _virtualServices = ResourceClients.VirtualServices(sandbox.Client);

    [Fact]
    public async Task Adds_once_and_removes_only_its_own_finalizer()
    {
        var ns = await sandbox.NamespaceAsync("fin");
        var vs = TestObjects.VirtualService(ns, "web");
        vs.Metadata.Finalizers = [Other];
        vs = await _virtualServices.CreateAsync(vs, default);
        var writer = new FinalizerWriter<VirtualService>(_virtualServices);

        var added = (await writer.AddAsync(vs, VirtualServiceApi.Finalizer, default))!;
        var again = (await writer.AddAsync(added, VirtualServiceApi.Finalizer, default))!;
        var removed = (await writer.RemoveAsync(again, VirtualServiceApi.Finalizer, default))!;

        Assert.Equal([Other, VirtualServiceApi.Finalizer], added.Metadata.Finalizers);
        Assert.Equal(added.Metadata.ResourceVersion, again.Metadata.ResourceVersion);
        Assert.Equal([Other], removed.Metadata.Finalizers);
        Assert.Equal([Other], (await _virtualServices.GetAsync(ns, "web", default))!.Metadata.Finalizers);
    }

    [Fact]
    public async Task A_stale_object_is_read_again_so_a_concurrent_writers_finalizer_survives()
    {
        var ns = await sandbox.NamespaceAsync("fin-race");
        var stale = await _virtualServices.CreateAsync(TestObjects.VirtualService(ns, "web"), default);
        var fresh = (await _virtualServices.GetAsync(ns, "web", default))!;
        fresh.Metadata.Finalizers = [Other];
        await _virtualServices.ReplaceAsync(fresh, default);
        var writer = new FinalizerWriter<VirtualService>(_virtualServices);

        var added = (await writer.AddAsync(stale, VirtualServiceApi.Finalizer, default))!;

        Assert.Equal([Other, VirtualServiceApi.Finalizer], added.Metadata.Finalizers);
    }

    [Fact]
    public async Task An_object_being_deleted_gets_no_new_finalizer_and_goes_once_the_last_is_removed()
    {
        var ns = await sandbox.NamespaceAsync("fin-delete");
        var vs = await _virtualServices.CreateAsync(TestObjects.VirtualService(ns, "web"), default);
        var writer = new FinalizerWriter<VirtualService>(_virtualServices);
        vs = (await writer.AddAsync(vs, VirtualServiceApi.Finalizer, default))!;
        await _virtualServices.DeleteAsync(ns, "web", default);
        var deleting = (await _virtualServices.GetAsync(ns, "web", default))!;
        Assert.True(Finalizer.IsBeingDeleted(deleting));

        var unchanged = (await writer.AddAsync(deleting, Other, default))!;
        var gone = await writer.RemoveAsync(unchanged, VirtualServiceApi.Finalizer, default);

        Assert.Equal([VirtualServiceApi.Finalizer], unchanged.Metadata.Finalizers);
        Assert.True(gone is null || !Finalizer.Has(gone, VirtualServiceApi.Finalizer));
        Assert.Null(await _virtualServices.GetAsync(ns, "web", default));
        Assert.Null(await writer.RemoveAsync(vs, VirtualServiceApi.Finalizer, default));
    }
}
