using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Auth;
using LvsOperator.Sandbox.ApiServer.Discovery;
using LvsOperator.Sandbox.ApiServer.Endpoints;
using LvsOperator.Sandbox.ApiServer.OpenApi;
using LvsOperator.Sandbox.ApiServer.Storage;
using LvsOperator.Sandbox.ApiServer.Tables;
using LvsOperator.Sandbox.ApiServer.Watch;
using LvsOperator.Sandbox.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Sandbox.ApiServer;

/// <summary>
/// The sandbox's in-memory Kubernetes API server on 127.0.0.1, and on any <see cref="SandboxApiServerOptions.NamespacedEndpoints"/>
/// (HTTPS with a self-signed serving certificate whose CA goes into every kubeconfig; bearer tokens). Not a conformant
/// apiserver: enough of the wire protocol for kubectl, helm and KubernetesClient. One instance per test class
/// or per `lvsctl sandbox api`.
/// </summary>
public sealed class SandboxApiServer : IAsyncDisposable
{
    private static readonly string[] DefaultNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    private readonly SandboxApiServerOptions _options;
    private readonly ObjectStore _store;
    private readonly ResourceCatalog _catalog = new();
    private readonly ObjectLifecycle _lifecycle;
    private readonly ApiRouter _router;
    private readonly X509Certificate2 _certificate;
    private readonly WatchStreamer _watches;
    private WebApplication? _app;

    public SandboxApiServer(SandboxApiServerOptions? options = null)
    {
        _options = options ?? new SandboxApiServerOptions();
        _certificate = ServingCertificate.Create(_options.TimeProvider, _options.NamespacedEndpoints.Select(e => e.EndPoint.Address));
        CertificateAuthorityPem = ServingCertificate.ToPem(_certificate);
        Tokens = new ServiceAccountTokens();
        AdminToken = _options.AdminToken is { Length: > 0 } fixedToken ? fixedToken : Tokens.AdminToken;
        _store = new ObjectStore(_options.WatchHistoryLimit);
        var tables = new TableBuilder(_options.TimeProvider);
        _lifecycle = new ObjectLifecycle(_store, _options.TimeProvider, _options);
        var cascades = new StoreCascades(_store, _catalog, Tokens);
        _watches = new WatchStreamer(_store, tables, _options);
        var handler = new ResourceHandler(_store, _lifecycle, new ResourceReader(_store, tables), _watches, cascades);
        var gate = new RequestGate(_options, Tokens, new StorePolicySource(_store));
        _router = new ApiRouter(_catalog, new OpenApiDocuments(_catalog, _options.KubernetesVersion), handler, gate, _options, () => $"127.0.0.1:{Port}", _options.LoggerFactory.CreateLogger<SandboxApiServer>());
        cascades.RebuildCatalog();
        SeedNamespaces();
    }

    /// <summary>The cluster-admin bearer token.</summary>
    public string AdminToken { get; }

    /// <summary>Bearer tokens: issue one per ServiceAccount with <c>Tokens.Issue(namespace, name)</c>.</summary>
    public ServiceAccountTokens Tokens { get; }

    /// <summary>PEM of the server's self-signed certificate; clients trust it as their CA.</summary>
    public string CertificateAuthorityPem { get; }

    /// <summary>The bound port, known after StartAsync.</summary>
    public int Port { get; private set; }

    public Uri ServerUri => new($"https://127.0.0.1:{Port}");

    /// <summary>A kubeconfig (YAML) with the admin token.</summary>
    public string AdminKubeconfig => Kubeconfig.Render(ServerUri, CertificateAuthorityPem, AdminToken);

    /// <summary>A kubeconfig for another bearer token (a ServiceAccount's), same CA; <paramref name="server"/> defaults to <see cref="ServerUri"/>.</summary>
    public string KubeconfigFor(string token, string userName, Uri? server = null) =>
        Kubeconfig.Render(server ?? ServerUri, CertificateAuthorityPem, token, userName);

    /// <summary>How many watch streams are open right now.</summary>
    public int OpenWatchCount => _watches.Connections.Count;

    /// <summary>
    /// A test hook: aborts every open watch connection mid-stream, as an apiserver restart or a load balancer would,
    /// and returns how many it cut. Clients are expected to re-watch from their last resourceVersion.
    /// </summary>
    public int DropWatchConnections() => _watches.Connections.AbortAll();

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, _options.Port, listen => listen.UseHttps(_certificate));
            foreach (var endpoint in _options.NamespacedEndpoints)
            {
                k.Listen(endpoint.EndPoint, listen => listen.UseHttps(_certificate));
            }

            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = CreateListenSocket);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        _app = builder.Build();
        _app.Run(_router.InvokeAsync);
        await _app.StartAsync(cancellationToken);
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Port = addresses.Addresses.Select(a => new Uri(a)).First(u => u.Host == IPAddress.Loopback.ToString()).Port;
    }

    /// <summary>
    /// Stops serving. Open watches are cut first, as an apiserver ends them when it goes: they never finish on their
    /// own, and Kestrel would otherwise wait its whole shutdown timeout for them.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
        {
            _watches.Connections.AbortAll();
            await _app.StopAsync(cancellationToken);
        }
    }

    /// <summary>Writes the admin kubeconfig to path (atomically).</summary>
    public Task WriteKubeconfigAsync(string path, CancellationToken cancellationToken = default) =>
        Kubeconfig.WriteAsync(path, AdminKubeconfig, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }

        _certificate.Dispose();
    }

    /// <summary>Kestrel asks here for each listening socket: the namespaced ones are made by a thread inside their namespace.</summary>
    private Socket CreateListenSocket(EndPoint endpoint)
    {
        foreach (var namespaced in _options.NamespacedEndpoints)
        {
            if (namespaced.EndPoint.Equals(endpoint))
            {
                return NetworkNamespace.Run(namespaced.NetworkNamespace, () => SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint));
            }
        }

        return SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
    }

    private void SeedNamespaces()
    {
        var def = _catalog.Find(string.Empty, "v1", "namespaces")!;
        foreach (var name in DefaultNamespaces)
        {
            var request = new ResourceRequest(def, null, name, null);
            var obj = _lifecycle.PrepareCreate(request, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }, new WriteOptions(false, "Ignore"), []);
            _store.Write(request.Key(name), _ => StoreChange.Put(obj));
        }
    }
}
