using System.Security.Cryptography;
using k8s;
using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Api.Conditions;
using LvsOperator.Api.Crd;
using LvsOperator.Sandbox.ApiServer;

namespace LvsOperator.Agent.Tests.Support;

/// <summary>
/// A sandbox API server with RBAC enforced and the VirtualService CRD, shared by a test class. Each test gets its own
/// agents' namespace whose <c>lvs-agent</c> ServiceAccount holds exactly the agent's grants (README: RBAC), and plays
/// the operator itself with the admin client: it writes status.backends and the Resolved condition.
/// </summary>
public sealed class AgentCluster : IAsyncLifetime
{
    private readonly string _workDir = Directory.CreateTempSubdirectory("lvs-agent-k8s-test-").FullName;
    private SandboxApiServer? _server;

    public SandboxApiServer Server => _server ?? throw new InvalidOperationException("not started");

    /// <summary>cluster-admin: the test's own hands (and the operator's).</summary>
    public IKubernetes Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = new SandboxApiServer(new SandboxApiServerOptions { Rbac = true, BookmarkInterval = TimeSpan.FromSeconds(1) });
        await _server.StartAsync();
        Admin = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(
            new MemoryStream(System.Text.Encoding.UTF8.GetBytes(_server.AdminKubeconfig))));
        await Admin.ApiextensionsV1.CreateCustomResourceDefinitionAsync(VirtualServiceCrd.Build());
        await Admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = "lvs-agent" },
            Rules =
            [
                Rule(VirtualServiceApi.Group, ["virtualservices"], "get", "list", "watch"),
                Rule(VirtualServiceApi.Group, ["virtualservices/status"], "get", "update", "patch"),
                Rule("", ["nodes"], "get", "list", "watch"),
                Rule("", ["events"], "create", "patch"),
                Rule("events.k8s.io", ["events"], "create", "patch"),
            ],
        });
    }

    /// <summary>A fresh agents' namespace with the agent's ServiceAccount, Role and bindings; returns it and the agent's kubeconfig.</summary>
    public async Task<(string Namespace, string Kubeconfig)> AgentNamespaceAsync()
    {
        var ns = (await Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { GenerateName = "lvs-" } })).Metadata.Name;
        await Admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "lvs-agent" } }, ns);
        await Admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "lvs-agent-leases" },
            Rules = [Rule("coordination.k8s.io", ["leases"], "get", "list", "watch", "create", "update", "delete")],
        }, ns);
        var subject = new Rbacv1Subject { Kind = "ServiceAccount", Name = "lvs-agent", NamespaceProperty = ns };
        await Admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "lvs-agent-leases" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "lvs-agent-leases" },
            Subjects = [subject],
        }, ns);
        await Admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = $"lvs-agent-{ns}" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "lvs-agent" },
            Subjects = [subject],
        });
        var path = Path.Combine(_workDir, $"{ns}.kubeconfig");
        await File.WriteAllTextAsync(path, Server.KubeconfigFor(Server.Tokens.Issue(ns, "lvs-agent"), $"system:serviceaccount:{ns}:lvs-agent"));
        return (ns, path);
    }

    /// <summary>A Node with an InternalIP and labels; the name is made unique (nodes are cluster-wide, tests share the server).</summary>
    public async Task<string> NodeAsync(string name, string internalIp, IDictionary<string, string>? labels = null)
    {
        var unique = $"{name}-{RandomNumberGenerator.GetHexString(4, lowercase: true)}";
        await Admin.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = unique, Labels = labels ?? new Dictionary<string, string>() },
            Status = new V1NodeStatus { Addresses = [new V1NodeAddress { Type = "InternalIP", Address = internalIp }] },
        });
        return unique;
    }

    public async Task<VirtualService> CreateAsync(string ns, VirtualService service)
    {
        service.Metadata.NamespaceProperty = ns;
        return await Admin.CustomObjects.CreateNamespacedCustomObjectAsync<VirtualService>(service, VirtualServiceApi.Group, VirtualServiceApi.Version, ns, VirtualServiceApi.Plural);
    }

    public Task<VirtualService> GetAsync(string ns, string name) =>
        Admin.CustomObjects.GetNamespacedCustomObjectAsync<VirtualService>(VirtualServiceApi.Group, VirtualServiceApi.Version, ns, VirtualServiceApi.Plural, name);

    /// <summary>What the operator writes once it resolved the current generation: Resolved=True, backends and their revision.</summary>
    public async Task<VirtualService> ResolveAsync(string ns, string name, string revision, params BackendStatus[] backends)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await GetAsync(ns, name);
            current.Status ??= new VirtualServiceStatus();
            current.Status.ObservedGeneration = current.Metadata.Generation;
            current.Status.Backends = [.. backends];
            current.Status.BackendsRevision = revision;
            current.Status.Conditions ??= [];
            ConditionList.Set(current.Status.Conditions, ConditionTypes.Resolved, true, ConditionReasons.Resolved, "resolved by the test", current.Metadata.Generation, DateTimeOffset.UtcNow);
            try
            {
                return await Admin.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<VirtualService>(
                    current, VirtualServiceApi.Group, VirtualServiceApi.Version, ns, VirtualServiceApi.Plural, name);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 20)
            {
                // An agent wrote its entry in between: read again, as the operator would.
            }
        }
    }

    public static BackendStatus Backend(string ip, int port, string? nodeName = null, string state = BackendStates.Active, string portName = "http") =>
        new() { Ip = ip, Port = port, PortName = portName, NodeName = nodeName, State = state, Weight = state == BackendStates.Draining ? 0 : 1 };

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        if (_server is not null)
        {
            // KubernetesClient leaves a cancelled watch's connection open after its client is disposed; without a
            // bound, Kestrel would wait its full 30 s for it. The agents are gone by now: cut what is left.
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await _server.StopAsync(bound.Token);
            await _server.DisposeAsync();
        }

        Directory.Delete(_workDir, recursive: true);
    }

    private static V1PolicyRule Rule(string group, string[] resources, params string[] verbs) =>
        new() { ApiGroups = [group], Resources = resources, Verbs = verbs };
}
