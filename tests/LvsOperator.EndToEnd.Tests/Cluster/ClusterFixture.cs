using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Api.AgentApi;
using LvsOperator.Sandbox.Cluster;
using LvsOperator.Sandbox.Directors;
using LvsOperator.Sandbox.Processes;

namespace LvsOperator.EndToEnd.Tests.Cluster;

/// <summary>
/// One multi-node sandbox for the "cluster" collection, in-process: three nodes, the real operator and agents (their
/// dlls are built beside this assembly), six echo pods; kubectl talks to it through the admin kubeconfig written to a
/// temporary directory. Disposing it tears everything down and then checks that no namespace of the run is left.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string Namespace = "default";
    public const string AgentNamespace = "lvs-system";
    public const string Echo = "echo";

    private readonly string _workDirectory = Directory.CreateTempSubdirectory("lvs-e2e-cluster-").FullName;
    private readonly Dictionary<string, AgentHttp> _agents = [];
    private SandboxCluster? _cluster;
    private k8s.Kubernetes? _client;

    public SandboxCluster Cluster => _cluster ?? throw new InvalidOperationException("the sandbox is not started");

    public k8s.Kubernetes Client => _client ?? throw new InvalidOperationException("the sandbox is not started");

    public Kubectl Kubectl { get; private set; } = null!;

    /// <summary>The echo replicas the sandbox starts with; a test that scales puts this back.</summary>
    public int EchoReplicas => 2 * Cluster.Nodes.Count;

    public async Task InitializeAsync()
    {
        try
        {
            _cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions
            {
                Nodes = 3,
                RunDirectoryRoot = _workDirectory,
                ReadyTimeout = TimeSpan.FromMinutes(2),
            });
            var kubeconfig = Path.Combine(_workDirectory, "kubeconfig");
            await _cluster.WriteKubeconfigAsync(kubeconfig);
            Kubectl = new Kubectl(kubeconfig, _workDirectory);
            _client = _cluster.CreateClient();
            foreach (var node in _cluster.Nodes)
            {
                _agents[node.Name] = new AgentHttp(node.Namespace);
            }
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>198.18.0.<paramref name="host"/>, checked against the addresses the sandbox uses itself.</summary>
    public IPAddress Vip(int host)
    {
        var vip = new IPAddress([198, 18, 0, (byte)host]);
        return ClusterAddresses.IsReserved(vip, Cluster.Nodes.Count) ? throw new ArgumentException($"{vip} is the sandbox's own address") : vip;
    }

    /// <summary>The client's own address on the external L2, as its namespace has it.</summary>
    public IPAddress ClientAddress()
    {
        var line = ProcessRunner.RunIn(Cluster.ClientNamespace, "ip", "-4", "-o", "addr", "show", "dev", "eth0");
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return IPAddress.Parse(words[Array.IndexOf(words, "inet") + 1].Split('/')[0]);
    }

    /// <summary>`kubectl wait --for=condition=Ready` on a VirtualService; its result, for the test to assert on.</summary>
    public Task<ProcessResult> WaitReadyAsync(string name, int seconds = 60) =>
        Kubectl.TryRunAsync(["wait", "--for=condition=Ready", $"virtualservice/{name}", "-n", Namespace, $"--timeout={seconds}s"], timeout: TimeSpan.FromSeconds(seconds + 15));

    public ClusterNode Node(string name) => Cluster.Nodes.Single(n => n.Name == name);

    /// <summary>The VirtualService as the API has it, or null when there is none.</summary>
    public async Task<VirtualService?> GetAsync(string name)
    {
        try
        {
            var found = await Client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(
                VirtualServiceApi.Group, VirtualServiceApi.Version, Namespace, VirtualServiceApi.Plural, name);
            return KubernetesJson.Deserialize<VirtualService>(found.GetRawText());
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The running echo pods (not being deleted, with an address).</summary>
    public async Task<List<V1Pod>> EchoPodsAsync() =>
        (await Client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: "app=echo")).Items
            .Where(p => p.Metadata.DeletionTimestamp is null && !string.IsNullOrEmpty(p.Status?.PodIP)).ToList();

    /// <summary>What a node's agent says on its /v1/services (null while it does not answer).</summary>
    public async Task<ServiceListDocument?> ForwarderAsync(string nodeName)
    {
        var answer = await _agents[nodeName].TryGetAsync(AgentHttpApi.Services);
        return answer is { Status: System.Net.HttpStatusCode.OK } ok ? AgentApiJsonContext.ReadServices(ok.Body) : null;
    }

    /// <summary>The agent's pod on a node (a DaemonSet pod's name is the API's choice, found by its node).</summary>
    public async Task<V1Pod> AgentPodAsync(string nodeName) =>
        (await Client.CoreV1.ListNamespacedPodAsync(AgentNamespace, labelSelector: "app.kubernetes.io/name=lvs-agent")).Items
            .Single(p => p.Spec.NodeName == nodeName && p.Metadata.DeletionTimestamp is null);

    public async Task<V1Pod> OperatorPodAsync() =>
        (await Client.CoreV1.ListNamespacedPodAsync(AgentNamespace, labelSelector: "app.kubernetes.io/name=lvs-operator")).Items
            .Single(p => p.Metadata.DeletionTimestamp is null);

    /// <summary>`kubectl delete` that tolerates absence, for clean-up in finally blocks.</summary>
    public async Task DeleteQuietlyAsync(string name) =>
        await Kubectl.TryRunAsync(["delete", "virtualservice", name, "-n", Namespace, "--ignore-not-found", "--timeout=30s"]);

    /// <summary>The last lines of the operator's and agents' logs, for failure messages.</summary>
    public string Logs(int lines = 40)
    {
        var files = Directory.Exists(Cluster.LogDirectory) ? Directory.GetFiles(Cluster.LogDirectory, "lvs-system_*.log") : [];
        return string.Join('\n', files.Select(f => $"== {Path.GetFileName(f)}\n{string.Join('\n', File.ReadLines(f).TakeLast(lines))}"));
    }

    public async Task DisposeAsync()
    {
        foreach (var agent in _agents.Values)
        {
            agent.Dispose();
        }

        _agents.Clear();
        _client?.Dispose();
        var id = _cluster?.Id;
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            _cluster = null;
        }

        Directory.Delete(_workDirectory, recursive: true);
        if (id is not null)
        {
            // The sandbox's contract: nothing of the run outlives it.
            var left = ProcessRunner.Run("ip", "netns", "list").Split('\n').Where(l => l.StartsWith($"lvs-{id}-", StringComparison.Ordinal)).ToList();
            if (left.Count > 0)
            {
                throw new InvalidOperationException($"the sandbox left namespaces behind: {string.Join(", ", left)}");
            }
        }
    }
}
