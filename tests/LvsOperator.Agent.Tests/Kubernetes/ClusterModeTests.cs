using System.Diagnostics;
using k8s;
using k8s.Models;
using LvsOperator.Agent.Kubernetes;
using LvsOperator.Agent.Tests.Support;
using LvsOperator.Api;
using LvsOperator.Api.AgentApi;
using LvsOperator.Api.Conditions;
using LvsOperator.Dataplane.Packets;
using Xunit.Abstractions;
using static LvsOperator.Agent.Tests.Support.AgentCluster;

namespace LvsOperator.Agent.Tests.Kubernetes;

/// <summary>
/// Agents in Kubernetes mode against the sandbox API server with RBAC enforced, each with the agent ServiceAccount's
/// grants only. The test plays the operator (Resolved, status.backends, backendsRevision) with the admin client.
/// A server per test: agents watch VirtualServices in every namespace, so tests must not see each other's.
/// </summary>
public sealed class ClusterModeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly AgentCluster _cluster = new();

    private const string VipText = "198.18.0.100";
    private static readonly uint Vip = Ipv4Format.Parse(VipText);

    [Fact]
    public async Task A_resolved_virtual_service_is_programmed_and_this_node_reports_its_entry_with_the_revision()
    {
        var (ns, kubeconfig) = await _cluster.AgentNamespaceAsync();
        var node = await _cluster.NodeAsync("node1", "198.18.0.11");
        await using var agent = await ClusterAgentHost.StartAsync(kubeconfig, node, ns);
        await _cluster.CreateAsync(ns, Web("web"));

        await _cluster.ResolveAsync(ns, "web", "0000000a", Backend("198.19.1.11", 8080, node), Backend("198.19.2.11", 8080, "elsewhere"));

        await WaitAsync(() => Servers(agent) == "198.19.1.11:8080*1,198.19.2.11:8080*1", "the backends in the forwarder");
        var entry = await EntryAsync(ns, "web", node, e => e.HoldsVip && e.ProgrammedRevision == "0000000a");
        var programmed = ConditionList.Find(entry.Conditions, ConditionTypes.Programmed)!;
        Assert.Equal((ConditionList.True, ConditionReasons.Programmed, 1L), (programmed.Status, programmed.Reason, programmed.ObservedGeneration));
        Assert.True(agent.Holds(Vip));

        var heartbeat = await _cluster.Admin.CoordinationV1.ReadNamespacedLeaseAsync(LeaseNames.Heartbeat(node), ns);
        Assert.Equal((node, 6), (heartbeat.Spec.HolderIdentity, heartbeat.Spec.LeaseDurationSeconds));
        var vipLease = await _cluster.Admin.CoordinationV1.ReadNamespacedLeaseAsync("lvs-vip-198-18-0-100", ns);
        Assert.Equal(node, vipLease.Spec.HolderIdentity);
        await WaitAsync(async () => (await _cluster.Admin.CoreV1.ListNamespacedEventAsync(ns)).Items.Any(e => e.Reason == AgentEventReasons.VipAcquired), "a VipAcquired event");
        Assert.Equal(200, (await agent.GetAsync("/readyz")).Status);
        Assert.True(Assert.Single(AgentApiJsonContext.ReadServices((await agent.GetAsync("/v1/services")).Body).Services).Held);
        Assert.Empty(agent.ReturnPath.Routes); // its pod serves a VIP this node holds itself
    }

    [Fact]
    public async Task A_backend_change_reprograms_and_a_draining_backend_stays_with_weight_zero()
    {
        var (ns, kubeconfig) = await _cluster.AgentNamespaceAsync();
        var node = await _cluster.NodeAsync("node1", "198.18.0.11");
        await using var agent = await ClusterAgentHost.StartAsync(kubeconfig, node, ns);
        await _cluster.CreateAsync(ns, Web("web"));
        await _cluster.ResolveAsync(ns, "web", "00000001", Backend("198.19.1.11", 8080), Backend("198.19.1.12", 8080));
        await EntryAsync(ns, "web", node, e => e.ProgrammedRevision == "00000001");

        await _cluster.ResolveAsync(ns, "web", "00000002", Backend("198.19.1.12", 8080, state: BackendStates.Draining), Backend("198.19.1.13", 8080));

        await WaitAsync(() => Servers(agent) == "198.19.1.12:8080*0,198.19.1.13:8080*1", "the new backends, the draining one at weight 0");
        await EntryAsync(ns, "web", node, e => e.ProgrammedRevision == "00000002");
    }

    [Fact]
    public async Task Two_agents_never_both_hold_the_vip_and_a_standby_takes_over_from_a_cut_off_or_dead_holder()
    {
        var (ns, kubeconfig) = await _cluster.AgentNamespaceAsync();
        var nodeA = await _cluster.NodeAsync("node1", "198.18.0.11");
        var nodeB = await _cluster.NodeAsync("node2", "198.18.0.12");
        await using var a = await ClusterAgentHost.StartAsync(kubeconfig, nodeA, ns);
        await using var b = await ClusterAgentHost.StartAsync(kubeconfig, nodeB, ns);
        await _cluster.CreateAsync(ns, Web("web"));
        await _cluster.ResolveAsync(ns, "web", "00000001", Backend("198.19.1.11", 8080, nodeA), Backend("198.19.2.11", 8080, nodeB));
        using var stop = new CancellationTokenSource();
        var sampler = new HolderSampler(a, b, Vip);
        var sampling = sampler.RunAsync(stop.Token);
        await WaitAsync(() => a.Holds(Vip) || b.Holds(Vip), "a first holder");
        var (holder, standby) = a.Holds(Vip) ? (a, b) : (b, a);
        await WaitAsync(() => Servers(standby) == Servers(holder), "the standby programmed alike");
        await EntryAsync(ns, "web", standby.NodeName, e => !e.HoldsVip && e.ProgrammedRevision == "00000001");
        await WaitAsync(() => standby.ReturnPath.Routes.Count == 1, "the standby's return path to the holder");
        var route = Assert.Single(standby.ReturnPath.Routes);
        Assert.Equal(holder.NodeName, route.Owner);
        Assert.Equal(Ipv4Format.Parse(holder == a ? "198.18.0.11" : "198.18.0.12"), route.Gateway);

        // A partition: the holder keeps running but cannot renew. It must stop acting before the standby starts.
        var watch = Stopwatch.StartNew();
        holder.CutOff();
        await WaitAsync(() => standby.Holds(Vip), "the standby takes over from the cut-off holder");
        output.WriteLine($"takeover after a partition: {watch.ElapsedMilliseconds} ms");
        Assert.False(holder.Holds(Vip));

        // The new holder dies without releasing (cut off, then stopped): the old one, reconnected, takes over.
        var (dead, survivor) = (standby, holder);
        survivor.Reconnect();
        survivor.Dataplane.Announced.Clear();
        dead.CutOff();
        var died = Stopwatch.StartNew();
        await dead.StopAsync();
        await WaitAsync(() => survivor.Holds(Vip), "the survivor takes over from the dead holder");
        output.WriteLine($"takeover after the holder died: {died.ElapsedMilliseconds} ms");
        await WaitAsync(() => survivor.Dataplane.Announced.Contains(Vip), "gratuitous ARP from the new holder");
        await EntryAsync(ns, "web", survivor.NodeName, e => e.HoldsVip);

        await stop.CancelAsync();
        await sampling;
        output.WriteLine($"{sampler.Samples} samples of both forwarders");
        Assert.True(sampler.Samples > 500, $"only {sampler.Samples} samples");
        Assert.Equal(0, sampler.BothHolding);
    }

    [Fact]
    public async Task Deleting_the_virtual_service_withdraws_it_and_removes_this_nodes_entry_so_the_finalizer_can_go()
    {
        var (ns, kubeconfig) = await _cluster.AgentNamespaceAsync();
        var node = await _cluster.NodeAsync("node1", "198.18.0.11");
        await using var agent = await ClusterAgentHost.StartAsync(kubeconfig, node, ns);
        var web = Web("web");
        web.Metadata.Finalizers = [VirtualServiceApi.Finalizer];
        await _cluster.CreateAsync(ns, web);
        await _cluster.ResolveAsync(ns, "web", "00000001", Backend("198.19.1.11", 8080));
        await EntryAsync(ns, "web", node, e => e.HoldsVip);

        await _cluster.Admin.CustomObjects.DeleteNamespacedCustomObjectAsync(VirtualServiceApi.Group, VirtualServiceApi.Version, ns, VirtualServiceApi.Plural, "web");

        await WaitAsync(async () => (await _cluster.GetAsync(ns, "web")).Status?.Directors?.Count is null or 0, "the entry removed");
        Assert.Empty(agent.Dataplane.Services.Services);
        await WaitAsync(async () => (await _cluster.Admin.CoordinationV1.ReadNamespacedLeaseAsync("lvs-vip-198-18-0-100", ns)).Spec.HolderIdentity is null or "", "the VIP's Lease released");
        await WaitAsync(async () => (await _cluster.Admin.CoreV1.ListNamespacedEventAsync(ns)).Items.Any(e => e.Reason == AgentEventReasons.VipReleased), "a VipReleased event");
    }

    [Fact]
    public async Task A_node_selector_that_does_not_select_this_node_programs_nothing_until_its_labels_change()
    {
        var (ns, kubeconfig) = await _cluster.AgentNamespaceAsync();
        var node = await _cluster.NodeAsync("node1", "198.18.0.11", new Dictionary<string, string> { ["zone"] = "a" });
        await using var agent = await ClusterAgentHost.StartAsync(kubeconfig, node, ns);
        var web = Web("web");
        web.Spec.NodeSelector = new Dictionary<string, string> { ["lvs-operator.dev/director"] = "true" };
        await _cluster.CreateAsync(ns, web);
        await _cluster.CreateAsync(ns, Web("other", "198.18.0.101"));
        await _cluster.ResolveAsync(ns, "web", "00000001", Backend("198.19.1.11", 8080));
        await _cluster.ResolveAsync(ns, "other", "00000001", Backend("198.19.1.12", 8080));
        await EntryAsync(ns, "other", node, e => e.HoldsVip); // the agent is at work, and has passed "web" by

        Assert.DoesNotContain(agent.Dataplane.Services.Services, s => s.Key.Vip == Vip);
        Assert.Null((await _cluster.GetAsync(ns, "web")).Status?.Directors?.FirstOrDefault(d => d.NodeName == node));

        var labelled = await _cluster.Admin.CoreV1.ReadNodeAsync(node);
        labelled.Metadata.Labels["lvs-operator.dev/director"] = "true";
        await _cluster.Admin.CoreV1.ReplaceNodeAsync(labelled, node);

        await EntryAsync(ns, "web", node, e => e.HoldsVip && e.ProgrammedRevision == "00000001");
        Assert.Contains(agent.Dataplane.Services.Services, s => s.Key.Vip == Vip);
    }

    [Fact]
    public async Task A_new_generation_not_yet_resolved_keeps_the_last_one_programmed_and_an_invalid_one_is_reported()
    {
        var (ns, kubeconfig) = await _cluster.AgentNamespaceAsync();
        var node = await _cluster.NodeAsync("node1", "198.18.0.11");
        await using var agent = await ClusterAgentHost.StartAsync(kubeconfig, node, ns);
        await _cluster.CreateAsync(ns, Web("web"));
        await _cluster.ResolveAsync(ns, "web", "00000001", Backend("198.19.1.11", 8080));
        await EntryAsync(ns, "web", node, e => e.ProgrammedRevision == "00000001");

        var edited = await _cluster.GetAsync(ns, "web");
        edited.Spec.Scheduler = "rr";
        await _cluster.Admin.CustomObjects.ReplaceNamespacedCustomObjectAsync(edited, VirtualServiceApi.Group, VirtualServiceApi.Version, ns, VirtualServiceApi.Plural, "web");

        // What a slow operator leaves the agent with: generation 2, Resolved at 1. Once a later object is reported,
        // the agent has seen generation 2 too, and must still forward generation 1.
        await _cluster.CreateAsync(ns, Web("marker", "198.18.0.101"));
        await _cluster.ResolveAsync(ns, "marker", "00000001", Backend("198.19.1.12", 8080));
        await EntryAsync(ns, "marker", node, e => e.HoldsVip);
        Assert.Equal("maglev", Assert.Single(agent.Dataplane.Services.Services, s => s.Key.Vip == Vip).Scheduler.Name);

        // Resolved at generation 2, but a backend the operator must never write: nothing half-valid is programmed.
        await _cluster.ResolveAsync(ns, "web", "00000002", Backend("198.19.1.11", 8080), Backend("255.255.255.255", 8080));

        var entry = await EntryAsync(ns, "web", node, e => ConditionList.Find(e.Conditions, ConditionTypes.Programmed)?.Reason == ConditionReasons.ProgrammingFailed);
        var failed = ConditionList.Find(entry.Conditions, ConditionTypes.Programmed)!;
        Assert.Equal((ConditionList.False, 2L), (failed.Status, failed.ObservedGeneration));
        Assert.Contains("status.backends[1].ip", failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(agent.Dataplane.Services.Services, s => s.Key.Vip == Vip);
    }

    [Fact]
    public async Task Shutdown_releases_the_vip_and_removes_the_entry_the_heartbeat_and_the_return_path()
    {
        var (ns, kubeconfig) = await _cluster.AgentNamespaceAsync();
        var node = await _cluster.NodeAsync("node1", "198.18.0.11");
        var holderNode = await _cluster.NodeAsync("node2", "198.18.0.12");
        var agent = await ClusterAgentHost.StartAsync(kubeconfig, node, ns);
        await using var disposing = agent;
        await _cluster.CreateAsync(ns, Web("web"));
        await _cluster.CreateAsync(ns, Web("elsewhere", "198.18.0.101", nodeSelector: "nowhere"));
        await _cluster.ResolveAsync(ns, "web", "00000001", Backend("198.19.1.11", 8080, node));
        await _cluster.ResolveAsync(ns, "elsewhere", "00000001", Backend("198.19.1.12", 8080, node), Backend("198.19.1.12", 9090, node, portName: "http"));
        await _cluster.Admin.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "lvs-vip-198-18-0-101" },
            Spec = new V1LeaseSpec { HolderIdentity = holderNode, LeaseDurationSeconds = 2, RenewTime = DateTime.UtcNow },
        }, ns);
        await EntryAsync(ns, "web", node, e => e.HoldsVip);
        await WaitAsync(() => agent.ReturnPath.Routes.Count == 1, "a return path for the VIP another node holds");
        var route = Assert.Single(agent.ReturnPath.Routes);
        Assert.Equal((holderNode, Ipv4Format.Parse("198.18.0.12")), (route.Owner, route.Gateway));
        Assert.Equal(["198.19.1.12:8080", "198.19.1.12:9090"], route.Sources.Select(s => $"{Ipv4Format.ToString(s.Address)}:{s.Port}"));

        await agent.StopAsync();

        Assert.Null((await _cluster.GetAsync(ns, "web")).Status?.Directors?.FirstOrDefault(d => d.NodeName == node));
        Assert.Equal("", (await _cluster.Admin.CoordinationV1.ReadNamespacedLeaseAsync("lvs-vip-198-18-0-100", ns)).Spec.HolderIdentity ?? "");
        Assert.DoesNotContain((await _cluster.Admin.CoordinationV1.ListNamespacedLeaseAsync(ns)).Items, l => l.Metadata.Name == LeaseNames.Heartbeat(node));
        Assert.Equal(1, agent.ReturnPath.Removals);
        Assert.True(agent.Dataplane.GuardRemoved);
        Assert.False(agent.Holds(Vip));
    }

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    private static VirtualService Web(string name, string vip = VipText, string? nodeSelector = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new VirtualServiceSpec
        {
            Vip = vip,
            Ports = [new VirtualServicePort { Name = "http", Port = 80, Protocol = "TCP", TargetPort = 8080 }],
            Service = "echo",
            NodeSelector = nodeSelector is null ? null : new Dictionary<string, string> { ["zone"] = nodeSelector },
        },
    };

    private static string Servers(ClusterAgentHost agent) => string.Join(',',
        agent.Dataplane.Services.Services.SelectMany(s => s.RealServers).Select(r => $"{Ipv4Format.ToString(r.Address)}:{r.Port}*{r.Weight}").Order(StringComparer.Ordinal));

    private async Task<DirectorStatus> EntryAsync(string ns, string name, string node, Func<DirectorStatus, bool> done)
    {
        var service = await Eventually.WaitAsync(
            () => _cluster.GetAsync(ns, name),
            s => s.Status?.Directors?.FirstOrDefault(d => d.NodeName == node) is { } e && done(e),
            $"{node}'s entry in {ns}/{name}");
        return service.Status!.Directors!.First(d => d.NodeName == node);
    }

    private static Task<bool> WaitAsync(Func<bool> done, string what) => Eventually.WaitAsync(() => Task.FromResult(done()), d => d, what);

    private static Task<bool> WaitAsync(Func<Task<bool>> done, string what) => Eventually.WaitAsync(done, d => d, what);

    /// <summary>Reads both forwarders' ownership of the VIP as often as it can, counting the instants both act for it.</summary>
    private sealed class HolderSampler(ClusterAgentHost a, ClusterAgentHost b, uint vip)
    {
        public long Samples { get; private set; }

        public long BothHolding { get; private set; }

        public Task RunAsync(CancellationToken cancellationToken) => Task.Run(
            () =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Samples++;
                    if (a.Holds(vip) && b.Holds(vip))
                    {
                        BothHolding++;
                    }

                    Thread.Sleep(1);
                }
            },
            CancellationToken.None);
    }
}
