using k8s;
using LvsOperator.Sandbox.ApiServer;

namespace LvsOperator.Sandbox.Tests.ApiServer;

/// <summary>One sandbox API server on a free port per test class, a kubeconfig on disk and a KubernetesClient for it.</summary>
public class SandboxServerFixture : IAsyncLifetime
{
    private readonly string _workDir = Directory.CreateTempSubdirectory("lvs-sandbox-api-test-").FullName;
    private SandboxApiServer? _server;

    public SandboxApiServer Server => _server ?? throw new InvalidOperationException("not started");

    public string KubeconfigPath => Path.Combine(_workDir, "kubeconfig");

    public string WorkDir => _workDir;

    public Kubernetes Client { get; private set; } = null!;

    protected virtual SandboxApiServerOptions Options => new();

    public async Task InitializeAsync()
    {
        _server = new SandboxApiServer(Options);
        await _server.StartAsync();
        await _server.WriteKubeconfigAsync(KubeconfigPath);
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(new FileInfo(KubeconfigPath)));
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
