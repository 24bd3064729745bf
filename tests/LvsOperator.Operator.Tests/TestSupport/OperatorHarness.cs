using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Api.Crd;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Controllers;
using LvsOperator.Operator.Metrics;
using LvsOperator.Sandbox.ApiServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace LvsOperator.Operator.Tests.TestSupport;

/// <summary>
/// One sandbox API server per test with RBAC enforced, the VirtualService CRD installed, the agents' namespace, and the
/// operator ServiceAccount's token and RBAC; operators run in-process against it with that token. The test itself
/// writes as cluster-admin (Services, EndpointSlices, Nodes, and what agents would write).
/// </summary>
public sealed class OperatorHarness : IAsyncDisposable
{
    public const string AgentsNamespace = "lvs-system";

    private readonly string _dir = Directory.CreateTempSubdirectory("lvs-operator-test-").FullName;
    private readonly List<RunningOperator> _operators = [];
    private readonly ITestOutputHelper _output;

    private OperatorHarness(SandboxApiServer server, ITestOutputHelper output)
    {
        Server = server;
        _output = output;
    }

    public SandboxApiServer Server { get; }

    public IKubernetes Admin { get; private set; } = null!;

    public IResourceClient<VirtualService> VirtualServices => ResourceClients.VirtualServices(Admin);

    public string OperatorKubeconfig => Path.Combine(_dir, "operator.kubeconfig");

    public static async Task<OperatorHarness> StartAsync(ITestOutputHelper output, Action<List<V1PolicyRule>>? editClusterRules = null)
    {
        var server = new SandboxApiServer(new SandboxApiServerOptions { Rbac = true, BookmarkInterval = TimeSpan.FromSeconds(1) });
        var harness = new OperatorHarness(server, output);
        await server.StartAsync();
        var adminPath = Path.Combine(harness._dir, "admin.kubeconfig");
        await server.WriteKubeconfigAsync(adminPath);
        harness.Admin = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(new FileInfo(adminPath)));
        await harness.Admin.ApiextensionsV1.CreateCustomResourceDefinitionAsync(VirtualServiceCrd.Build());
        await harness.Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = AgentsNamespace } });
        var rules = OperatorRbac.ClusterRules();
        editClusterRules?.Invoke(rules);
        await OperatorRbac.GrantAsync(harness.Admin, AgentsNamespace, rules, OperatorRbac.NamespaceRules());
        var token = server.Tokens.Issue(AgentsNamespace, OperatorRbac.Account);
        await Kubeconfig.WriteAsync(harness.OperatorKubeconfig, server.KubeconfigFor(token, OperatorRbac.Account));
        return harness;
    }

    /// <summary>Starts an operator host in-process as the operator ServiceAccount, with an ephemeral HTTP port.</summary>
    public async Task<RunningOperator> StartOperatorAsync(string identity, params string[] args)
    {
        var log = new CapturedLog(_output, identity);
        var counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var app = OperatorApplication.Build(
            ["--kubeconfig", OperatorKubeconfig, "--namespace", AgentsNamespace, "--http-port", "0", "--leader-elect-id", identity, .. args],
            services =>
            {
                services.AddSingleton<ILoggerProvider>(log);
                services.AddSingleton<IReconciler<string>>(sp => new CountingReconciler(sp.GetRequiredService<InstrumentedReconciler>(), counts));
            });
        await app.StartAsync();
        var running = new RunningOperator(app, log, counts);
        _operators.Add(running);
        return running;
    }

    public async Task<string> NamespaceAsync(string prefix) =>
        (await Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { GenerateName = prefix + "-" } })).Metadata.Name;

    public Task<VirtualService?> ReadAsync(string ns, string name) => VirtualServices.GetAsync(ns, name, CancellationToken.None);

    /// <summary>Waits until the VirtualService's status satisfies <paramref name="done"/> and returns it.</summary>
    public Task<VirtualService> StatusAsync(string ns, string name, Func<VirtualService, bool> done, string what) =>
        Wait.ForAsync(() => ReadAsync(ns, name), done, $"{ns}/{name}: {what}");

    /// <summary>Waits until the VirtualService no longer exists (its finalizers are off and it was deleted).</summary>
    public Task GoneAsync(string ns, string name) =>
        Wait.ForAsync(async () => (object)(await ReadAsync(ns, name) is null), gone => (bool)gone, $"{ns}/{name} to be deleted");

    public async ValueTask DisposeAsync()
    {
        foreach (var running in _operators)
        {
            await running.DisposeAsync();
        }

        Admin?.Dispose();

        // KubernetesClient leaves some cancelled watches' connections open until the process ends; without a bound the
        // server's graceful stop would wait its 30 s for them. Cutting them is all that is left to do here.
        using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await Server.StopAsync(bound.Token);
        }

        await Server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
