using System.Net;
using System.Net.Sockets;
using k8s;
using LvsOperator.Api;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Informers;
using LvsOperator.Kubernetes.Tests.TestSupport;
using LvsOperator.Sandbox.ApiServer;
using Xunit.Abstractions;

namespace LvsOperator.Kubernetes.Tests.Informers;

/// <summary>
/// The API server goes away under running informers (stopped, connections aborted) and comes back on the same port
/// with the same store, as a restarted apiserver behind a stable address would.
/// </summary>
public sealed class InformerReconnectTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lvs-k8s-reconnect-").FullName;
    private SandboxApiServer _server = null!;
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = new SandboxApiServer(SandboxFixture.Options(FreePort()));
        await _server.StartAsync();
        var kubeconfig = Path.Combine(_dir, "kubeconfig");
        await _server.WriteKubeconfigAsync(kubeconfig);
        _client = ClusterConnection.Create(kubeconfig);
        await SandboxFixture.InstallCrdAsync(_client);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();

        // After a restart Kestrel may still count an HTTP/2 watch stream the client just reset as open and would
        // wait out its 30 s graceful shutdown for it; nothing here needs a graceful stop.
        using (var abort = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            await _server.StopAsync(abort.Token);
        }

        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Informers_reconnect_after_the_server_drops_every_watch_and_resume_without_duplicates()
    {
        var virtualServices = ResourceClients.VirtualServices(_client);
        await virtualServices.CreateAsync(TestObjects.VirtualService("default", "before"), default);
        var informer = new ResourceInformer<VirtualService>(virtualServices, new ResourceInformerOptions(), TestLog.For<ResourceInformer<VirtualService>>(output));
        var log = new EventLog<VirtualService>();
        using var handler = informer.AddHandler(log.Add);
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(stop.Token).WaitAsync(Eventually.Bound);
        await Eventually.WaitAsync(() => informer.Watches == 1, "the first watch");

        var late = new ResourceInformer<VirtualService>(virtualServices, new ResourceInformerOptions(), TestLog.For<ResourceInformer<VirtualService>>(output));
        Task? lateRun = null;
        await RestartAsync(whileDown: async () =>
        {
            // An informer started while the server is away keeps trying its LIST.
            lateRun = late.RunAsync(stop.Token);
            await Eventually.WaitAsync(() => informer.Watches > 1, "a reconnect attempt while the server is down");
        });
        await virtualServices.CreateAsync(TestObjects.VirtualService("default", "after"), default);

        await Eventually.WaitAsync(() => log.Count == 2, "the object created after the restart");
        await late.WaitForSyncAsync(stop.Token).WaitAsync(Eventually.Bound);
        await Eventually.WaitAsync(() => late.Cache.Count == 2, "the late informer caught up");
        Assert.Equal(["Added before", "Added after"], log.Lines);
        Assert.Equal(1, informer.Lists);
        Assert.True(informer.Watches >= 2);
        await stop.CancelAsync();
        await Task.WhenAll(running, lateRun!).WaitAsync(Eventually.Bound);
    }

    private async Task RestartAsync(Func<Task> whileDown)
    {
        // A short graceful period: Kestrel then aborts the open watch connections.
        using (var abort = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            await _server.StopAsync(abort.Token);
        }

        await whileDown();
        await _server.StartAsync();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
