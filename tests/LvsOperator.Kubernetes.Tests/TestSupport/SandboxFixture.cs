using k8s;
using k8s.Models;
using LvsOperator.Api.Crd;
using LvsOperator.Sandbox.ApiServer;

namespace LvsOperator.Kubernetes.Tests.TestSupport;

/// <summary>
/// One sandbox API server per test class with the VirtualService CRD installed, frequent bookmarks and a short event
/// history (so 410 Expired is easy to provoke), and a KubernetesClient pointed at it through a kubeconfig on disk.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public const int HistoryLimit = 40;

    private readonly string _workDir = Directory.CreateTempSubdirectory("lvs-k8s-machinery-test-").FullName;
    private SandboxApiServer? _server;

    public SandboxApiServer Server => _server ?? throw new InvalidOperationException("not started");

    public IKubernetes Client { get; private set; } = null!;

    public string KubeconfigPath => Path.Combine(_workDir, "kubeconfig");

    public static SandboxApiServerOptions Options(int port = 0) => new()
    {
        Port = port,
        BookmarkInterval = TimeSpan.FromMilliseconds(100),
        WatchHistoryLimit = HistoryLimit,
    };

    public async Task InitializeAsync()
    {
        _server = new SandboxApiServer(Options());
        await _server.StartAsync();
        await _server.WriteKubeconfigAsync(KubeconfigPath);
        Client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(new FileInfo(KubeconfigPath)));
        await InstallCrdAsync(Client);
    }

    public static Task InstallCrdAsync(IKubernetes client) => client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(VirtualServiceCrd.Build());

    /// <summary>A fresh namespace, so tests sharing the server do not see each other's objects.</summary>
    public async Task<string> NamespaceAsync(string prefix)
    {
        var created = await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { GenerateName = prefix + "-" } });
        return created.Metadata.Name;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_workDir, recursive: true);
    }
}
