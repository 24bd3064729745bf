using k8s;
using k8s.Autorest;
using LvsOperator.Sandbox.ApiServer;
using LvsOperator.Sandbox.Processes;

namespace LvsOperator.Sandbox.Tests.ApiServer.Helm;

/// <summary>
/// One sandbox API server per test class, a kubeconfig on disk for the real helm and kubectl binaries,
/// private helm home directories, and a KubernetesClient to look at what they did.
/// </summary>
public class HelmSandbox : IAsyncLifetime
{
    private static readonly TimeSpan ToolBound = TimeSpan.FromMinutes(3);

    private readonly string _workDir = Directory.CreateTempSubdirectory("lvs-helm-test-").FullName;
    private SandboxApiServer? _server;
    private Dictionary<string, string?> _environment = [];

    public SandboxApiServer Server => _server ?? throw new InvalidOperationException("not started");

    public string KubeconfigPath => Path.Combine(_workDir, "kubeconfig");

    public Kubernetes Client { get; private set; } = null!;

    protected virtual SandboxApiServerOptions Options => new();

    public async Task InitializeAsync()
    {
        _server = new SandboxApiServer(Options);
        await _server.StartAsync();
        await _server.WriteKubeconfigAsync(KubeconfigPath);
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(new FileInfo(KubeconfigPath)));
        _environment = new Dictionary<string, string?>
        {
            ["HELM_CACHE_HOME"] = Path.Combine(_workDir, "helm-cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(_workDir, "helm-config"),
            ["HELM_DATA_HOME"] = Path.Combine(_workDir, "helm-data"),
            ["KUBECONFIG"] = KubeconfigPath,
            ["HOME"] = _workDir,
        };
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

    public Task<ProcessResult> HelmAsync(params string[] arguments) =>
        ProcessRunner.ExecuteAsync(ProcessCommand.Of(HelmBinary.Locate(), ["--kubeconfig", KubeconfigPath, .. arguments]) with
        {
            Environment = _environment,
            Timeout = ToolBound,
        });

    public Task<ProcessResult> KubectlAsync(string kubeconfigPath, params string[] arguments) =>
        ProcessRunner.ExecuteAsync(ProcessCommand.Of("kubectl", ["--kubeconfig", kubeconfigPath, .. arguments]) with
        {
            Environment = _environment,
            Timeout = ToolBound,
        });

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_workDir, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>True when the read succeeds, false on 404; anything else is a test failure.</summary>
    public static async Task<bool> ExistsAsync(Func<Task> read)
    {
        try
        {
            await read();
            return true;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
