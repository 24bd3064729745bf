using k8s;
using LvsOperator.Sandbox.ApiServer;
using LvsOperator.Sandbox.Controllers;
using LvsOperator.Sandbox.Kubelets;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Sandbox.Cluster;

/// <summary>
/// The multi-node sandbox as a library (what `lvsctl sandbox up` runs and end-to-end tests start in-process): the
/// topology of <see cref="ClusterTopology"/>, the API server on the host's 127.0.0.1 and on 198.18.0.250:6443 inside
/// the sandbox (RBAC enforced), the sandbox's own controllers (workloads, EndpointSlices, one kubelet per node), and
/// the seeded cluster (<see cref="ClusterSeed"/>). <see cref="StartAsync"/> returns once the operator, the agents and
/// the echo pods are Ready. Disposing stops the controllers, terminates every pod (SIGTERM, then SIGKILL after the
/// shutdown bound), stops the API server and deletes every namespace, leaving no process, link or rule behind;
/// container logs stay in <see cref="LogDirectory"/>.
/// </summary>
public sealed partial class SandboxCluster : IAsyncDisposable
{
    private readonly NamespaceSet _namespaces;
    private readonly List<IAsyncDisposable> _controllers = [];
    private readonly List<Kubelet> _kubelets = [];
    private SandboxApiServer? _api;
    private Kubernetes? _client;

    private SandboxCluster(NamespaceSet namespaces, ClusterTopology topology, SandboxClusterOptions options)
    {
        _namespaces = namespaces;
        Topology = topology;
        Options = options;
        RunDirectory = Network.RunDirectory.Of(options.RunDirectoryRoot, namespaces.Id);
    }

    public string Id => _namespaces.Id;

    public SandboxClusterOptions Options { get; }

    public ClusterTopology Topology { get; }

    /// <summary>Where the client lives: it reaches the cluster only through VIPs on the external L2.</summary>
    public string ClientNamespace => Topology.Client;

    public IReadOnlyList<ClusterNode> Nodes => Topology.Nodes;

    public SandboxApiServer ApiServer => _api ?? throw new InvalidOperationException("the sandbox is not started");

    /// <summary>The URL pods use (https://198.18.0.250:6443); the host's is <see cref="SandboxApiServer.ServerUri"/>.</summary>
    public static Uri InClusterServer => new($"https://{ClusterAddresses.ApiServerEndPoint}");

    /// <summary>The cluster-admin kubeconfig for the host (kubectl, helm, tests).</summary>
    public string AdminKubeconfig => ApiServer.AdminKubeconfig;

    public string RunDirectory { get; }

    /// <summary>Container logs, NAMESPACE_POD_CONTAINER.log.</summary>
    public string LogDirectory => Network.RunDirectory.Logs(Options.RunDirectoryRoot, Id);

    private string CredentialsDirectory => Network.RunDirectory.Credentials(Options.RunDirectoryRoot, Id);

    /// <summary>Builds and starts everything; on failure everything built so far is removed before the error is thrown.</summary>
    public static async Task<SandboxCluster> StartAsync(SandboxClusterOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var images = new ImageCatalog(options.Images);
        _ = options.DeployOperator ? images.Require(ImageCatalog.OperatorImage) : null;
        _ = options.DeployAgents ? images.Require(ImageCatalog.AgentImage) : null;

        var namespaces = NamespaceSet.Create();
        SandboxCluster? cluster = null;
        try
        {
            var topology = await Task.Run(() => ClusterTopology.Build(namespaces, options.Nodes), cancellationToken);
            cluster = new SandboxCluster(namespaces, topology, options);
            await cluster.StartServicesAsync(images, cancellationToken);
            await ClusterReadiness.WaitAsync(cluster._client!, options, options.Nodes, cluster.LogDirectory, cancellationToken);
            return cluster;
        }
        catch
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
            else
            {
                namespaces.Dispose();
            }

            throw;
        }
    }

    /// <summary>A client with the cluster-admin token, against the host's address (the caller disposes it).</summary>
    public Kubernetes CreateClient() =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(AdminKubeconfig))));

    /// <summary>Writes the admin kubeconfig to <paramref name="path"/> atomically.</summary>
    public Task WriteKubeconfigAsync(string path, CancellationToken cancellationToken = default) => ApiServer.WriteKubeconfigAsync(path, cancellationToken);

    /// <summary>Sets a Deployment's replicas (what `lvsctl sandbox scale` and `kubectl scale` do).</summary>
    public Task ScaleAsync(string deployment, int replicas, string @namespace = "default", CancellationToken cancellationToken = default) =>
        DeploymentScale.SetAsync(_client!, @namespace, deployment, replicas, cancellationToken);

    /// <summary>Runs a program inside the client namespace (curl, a test's own client) and says how it ended.</summary>
    public Task<ProcessResult> RunInClientAsync(ProcessCommand command, CancellationToken cancellationToken = default) =>
        ProcessRunner.ExecuteAsync(command.In(ClientNamespace), cancellationToken);

    /// <summary>The network namespace a pod's sockets and processes live in (its node's for a hostNetwork pod); null when no kubelet runs it.</summary>
    public string? PodNetworkNamespace(string @namespace, string pod) => FindPod(@namespace, pod)?.Run?.Network.NetworkNamespace;

    /// <summary>
    /// Sends a signal to a pod's container process (SIGKILL to crash an agent, SIGTERM to stop it); the kubelet
    /// restarts it as it would any container that exits. False when no such process runs right now.
    /// </summary>
    public bool SignalContainer(string @namespace, string pod, ProcessSignal signal, string? container = null) =>
        FindPod(@namespace, pod)?.Run?.Containers.OfType<ProcessContainer>().FirstOrDefault(c => container is null || c.Name == container)?.Signal(signal) ?? false;

    /// <summary>The process id of a pod's container, null between runs (for tests that watch a restart).</summary>
    public int? ContainerProcessId(string @namespace, string pod, string? container = null) =>
        FindPod(@namespace, pod)?.Run?.Containers.OfType<ProcessContainer>().FirstOrDefault(c => container is null || c.Name == container)?.ProcessId;

    /// <summary>The log file of a pod's container.</summary>
    public string LogPath(string @namespace, string pod, string container) => Path.Combine(LogDirectory, $"{@namespace}_{pod}_{container}.log");

    /// <summary>Cuts every open watch connection of the API server mid-stream (see <see cref="SandboxApiServer.DropWatchConnections"/>).</summary>
    public int DropWatchConnections() => ApiServer.DropWatchConnections();

    public async ValueTask DisposeAsync()
    {
        var logger = Options.LoggerFactory.CreateLogger<SandboxCluster>();
        var elapsed = System.Diagnostics.Stopwatch.StartNew();

        // Controllers first, so nothing is recreated while the kubelets stop their pods; the API server stays up until
        // then, so agents that clean up on SIGTERM can still write.
        Log.Teardown(logger, Id, "stopping the controllers", elapsed.ElapsedMilliseconds);
        foreach (var controller in _controllers)
        {
            await controller.DisposeAsync();
        }

        _controllers.Clear();
        Log.Teardown(logger, Id, "stopping the pods", elapsed.ElapsedMilliseconds);
        await Task.WhenAll(_kubelets.Select(k => k.DisposeAsync().AsTask()));
        _kubelets.Clear();
        _client?.Dispose();
        Log.Teardown(logger, Id, "stopping the API server", elapsed.ElapsedMilliseconds);
        if (_api is not null)
        {
            await _api.DisposeAsync();
            _api = null;
        }

        Log.Teardown(logger, Id, "removing the namespaces", elapsed.ElapsedMilliseconds);
        _namespaces.Dispose();
        if (Directory.Exists(CredentialsDirectory))
        {
            Directory.Delete(CredentialsDirectory, recursive: true);
        }
    }

    private async Task StartServicesAsync(ImageCatalog images, CancellationToken cancellationToken)
    {
        _api = new SandboxApiServer(new SandboxApiServerOptions
        {
            Port = Options.ApiPort,
            Rbac = true,
            SimulateWorkloadStatus = false, // the sandbox's own workload controller writes real status
            NamespacedEndpoints = [new NamespacedEndpoint(Topology.Api, ClusterAddresses.ApiServerEndPoint)],
            LoggerFactory = Options.LoggerFactory,
            TimeProvider = Options.TimeProvider,
        });
        await _api.StartAsync(cancellationToken);
        _client = CreateClient();
        await ClusterSeed.ApplyAsync(_client, Topology, Options, cancellationToken);

        var logger = Options.LoggerFactory.CreateLogger<SandboxCluster>();
        _controllers.Add(WorkloadController.Start(_client, Options.TimeProvider, logger));
        _controllers.Add(EndpointSliceController.Start(_client, logger));
        var runtime = new KubeletRuntime(
            _client, _namespaces, images,
            new KubeletOptions
            {
                LogDirectory = LogDirectory,
                CredentialsDirectory = CredentialsDirectory,
                InitialRestartBackoff = Options.InitialRestartBackoff,
                MaxRestartBackoff = Options.MaxRestartBackoff,
                Console = Options.ContainerOutput,
            },
            InClusterServer, _api.CertificateAuthorityPem, _api.Tokens.Issue, Options.LoggerFactory, Options.TimeProvider);
        foreach (var node in Nodes)
        {
            _kubelets.Add(new Kubelet(runtime, node));
        }
    }

    private PodWorker? FindPod(string @namespace, string pod) =>
        _kubelets.Select(k => k.Find(@namespace, pod)).FirstOrDefault(w => w is not null);
}
