using k8s;
using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Api.Conditions;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Status;

namespace LvsOperator.Operator.Tests.TestSupport;

/// <summary>
/// Writes what the agent of one node would: its heartbeat Lease (renewed every 300 ms while running, 2 s duration)
/// and its own <c>status.directors</c> entry of a VirtualService.
/// </summary>
public sealed class FakeAgent : IAsyncDisposable
{
    public const int DurationSeconds = 2;

    private readonly IKubernetes _admin;
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(3));
    private Task _renewing = Task.CompletedTask;

    private FakeAgent(IKubernetes admin, string node)
    {
        _admin = admin;
        Node = node;
    }

    public string Node { get; }

    public static async Task<FakeAgent> StartAsync(IKubernetes admin, string node)
    {
        var agent = new FakeAgent(admin, node);
        await admin.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Heartbeat(OperatorHarness.AgentsNamespace, node, DurationSeconds), OperatorHarness.AgentsNamespace);
        agent._renewing = agent.RenewAsync(agent._stop.Token);
        return agent;
    }

    /// <summary>An agent that writes entries but never sent a heartbeat (one that died before the operator started).</summary>
    public static FakeAgent WithoutHeartbeat(IKubernetes admin, string node) => new(admin, node);

    /// <summary>Stops renewing and leaves the Lease as it is, as a killed agent would.</summary>
    public async Task StopHeartbeatAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
    }

    /// <summary>Reports Programmed True at the object's generation and current backendsRevision.</summary>
    public Task ReportProgrammedAsync(string ns, string name, bool holdsVip) => EditEntryAsync(ns, name, vs =>
    {
        var entry = Entry(vs) ?? new DirectorStatus { NodeName = Node, Conditions = [] };
        if (Entry(vs) is null)
        {
            vs.Status!.Directors!.Add(entry);
        }

        entry.HoldsVip = holdsVip;
        entry.ProgrammedRevision = vs.Status!.BackendsRevision;
        entry.Conditions ??= [];
        ConditionList.Set(entry.Conditions, ConditionTypes.Programmed, true, ConditionReasons.Programmed, "programmed by a fake agent", vs.Metadata.Generation, DateTimeOffset.UtcNow);
    });

    /// <summary>Removes its entry, as an agent that withdrew the VIP does.</summary>
    public Task WithdrawAsync(string ns, string name) => EditEntryAsync(ns, name, vs =>
    {
        if (Entry(vs) is { } entry)
        {
            vs.Status!.Directors!.Remove(entry);
        }
    });

    public async ValueTask DisposeAsync()
    {
        await StopHeartbeatAsync();
        _stop.Dispose();
    }

    private DirectorStatus? Entry(VirtualService vs) => vs.Status?.Directors?.FirstOrDefault(d => d.NodeName == Node);

    private async Task EditEntryAsync(string ns, string name, Action<VirtualService> edit)
    {
        var writer = new StatusWriter<VirtualService>(ResourceClients.VirtualServices(_admin));
        await writer.UpdateAsync(ns, name, vs =>
        {
            vs.Status ??= new VirtualServiceStatus();
            vs.Status.Directors ??= [];
            edit(vs);
            return true;
        }, CancellationToken.None);
    }

    private async Task RenewAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(300, stop);
                var lease = await _admin.CoordinationV1.ReadNamespacedLeaseAsync("lvs-agent-" + Node, OperatorHarness.AgentsNamespace, cancellationToken: stop);
                lease.Spec.RenewTime = DateTime.UtcNow;
                await _admin.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, lease.Metadata.Name, OperatorHarness.AgentsNamespace, cancellationToken: stop);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
