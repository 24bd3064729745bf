using k8s;
using LvsOperator.Sandbox.ApiServer;
using LvsOperator.Sandbox.Cluster;
using LvsOperator.Sandbox.Kubelets;

namespace LvsOperator.Sandbox.Tests.Cluster;

/// <summary>
/// One multi-node sandbox for the whole "cluster" collection: two nodes, two echo pods with a short grace period, and
/// the stand-in container (LvsOperator.Sandbox.TestPod) as the operator's and the agents' image — the runner is under
/// test here, not those programs. Disposing it must leave nothing behind; the collection's last test checks that.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(3);

    private readonly string _workDir = Directory.CreateTempSubdirectory("lvs-cluster-test-").FullName;

    public SandboxCluster Cluster { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    public static string TestPodDll => Path.Combine(AppContext.BaseDirectory, "LvsOperator.Sandbox.TestPod.dll");

    public string WorkDir => _workDir;

    public string KubeconfigPath => Path.Combine(_workDir, "kubeconfig");

    /// <summary>Set in the test process: a pod's process must not see it.</summary>
    public const string HostOnlyVariable = "LVS_SANDBOX_TEST";

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(HostOnlyVariable, "the sandbox's own environment");
        Cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions
        {
            Nodes = 2,
            EchoReplicas = 2,
            GracePeriod = GracePeriod,
            Images = new Dictionary<string, string> { [ImageCatalog.OperatorImage] = TestPodDll, [ImageCatalog.AgentImage] = TestPodDll },
            ReadyTimeout = TimeSpan.FromMinutes(2),
            RunDirectoryRoot = _workDir,
        });
        await Cluster.WriteKubeconfigAsync(KubeconfigPath);
        Client = Cluster.CreateClient();
    }

    /// <summary>A kubeconfig with the admin token that points at the in-sandbox address, for clients inside node namespaces.</summary>
    public string WriteInClusterAdminKubeconfig()
    {
        var path = Path.Combine(_workDir, "in-cluster-kubeconfig");
        File.WriteAllText(path, Cluster.ApiServer.KubeconfigFor(Cluster.ApiServer.AdminToken, "admin", SandboxCluster.InClusterServer));
        return path;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        Directory.Delete(_workDir, recursive: true);
    }
}
