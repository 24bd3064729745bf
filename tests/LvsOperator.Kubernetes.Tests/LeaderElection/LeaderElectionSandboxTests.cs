using k8s;
using k8s.Models;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.LeaderElection;
using LvsOperator.Kubernetes.Tests.TestSupport;
using Xunit.Abstractions;

namespace LvsOperator.Kubernetes.Tests.LeaderElection;

/// <summary>Electors on real time against the sandbox API server, with the agent's sub-second per-VIP timings.</summary>
public sealed class LeaderElectionSandboxTests(SandboxFixture sandbox, ITestOutputHelper output) : IClassFixture<SandboxFixture>
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task Two_electors_are_never_both_leader_and_a_standby_takes_over_when_the_holder_stops_renewing()
    {
        var ns = await sandbox.NamespaceAsync("elect");
        var clientA = new PartitionableClient<V1Lease>(ResourceClients.Leases(sandbox.Client));
        var clientB = new PartitionableClient<V1Lease>(ResourceClients.Leases(sandbox.Client));
        var a = Elector(clientA, ns, "node-a", Duration, Deadline);
        var b = Elector(clientB, ns, "node-b", Duration, Deadline);
        using var stop = new CancellationTokenSource();
        var running = Task.WhenAll(a.RunAsync(stop.Token), b.RunAsync(stop.Token));
        var sampler = new LeaderSampler(a, b);
        var sampling = sampler.RunAsync(stop.Token);
        await Eventually.WaitAsync(() => a.IsLeader || b.IsLeader, "a first leader");

        // Twice: cut the leader off from the API server; the standby must take over, and never while the other leads.
        for (var round = 0; round < 2; round++)
        {
            var (leader, standby, cut) = a.IsLeader ? (a, b, clientA) : (b, a, clientB);
            cut.Partitioned = true;
            await Eventually.WaitAsync(() => standby.IsLeader, $"round {round}: {standby.Identity} takes over from {leader.Identity}");
            Assert.False(leader.IsLeader);
            cut.Partitioned = false;
            await Eventually.WaitAsync(() => leader.Leader == standby.Identity, $"round {round}: {leader.Identity} sees the new holder");
        }

        await stop.CancelAsync();
        await Task.WhenAll(running, sampling).WaitAsync(Eventually.Bound);
        Assert.True(sampler.Samples > 1000, $"only {sampler.Samples} samples");
        Assert.Equal(0, sampler.BothLeaders);
        var lease = await sandbox.Client.CoordinationV1.ReadNamespacedLeaseAsync("lvs-vip-test", ns);
        Assert.True(lease.Spec.LeaseTransitions >= 2);
    }

    [Fact]
    public async Task Releasing_on_shutdown_hands_over_without_waiting_out_the_lease()
    {
        // A 30 s lease: a standby that had to wait it out would miss the bound below by far.
        var ns = await sandbox.NamespaceAsync("release");
        var a = Elector(ResourceClients.Leases(sandbox.Client), ns, "node-a", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(20));
        var b = Elector(ResourceClients.Leases(sandbox.Client), ns, "node-b", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(20));
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runningA = a.RunAsync(stopA.Token);
        await Eventually.WaitAsync(() => a.IsLeader, "node-a leads");
        var runningB = b.RunAsync(stopB.Token);
        await Eventually.WaitAsync(() => b.Leader == "node-a", "node-b sees node-a");

        await stopA.CancelAsync();
        await runningA.WaitAsync(Eventually.Bound);

        Assert.False(a.IsLeader);
        await Eventually.WaitAsync(() => b.IsLeader, "node-b takes the released lease", TimeSpan.FromSeconds(10));
        var lease = await sandbox.Client.CoordinationV1.ReadNamespacedLeaseAsync("lvs-vip-test", ns);
        Assert.Equal("node-b", lease.Spec.HolderIdentity);
        Assert.Equal(30, lease.Spec.LeaseDurationSeconds);
        await stopB.CancelAsync();
        await runningB.WaitAsync(Eventually.Bound);
    }

    private LeaderElector Elector(IResourceClient<V1Lease> leases, string ns, string identity, TimeSpan duration, TimeSpan deadline) =>
        new(
            leases,
            new LeaderElectionOptions
            {
                LeaseName = "lvs-vip-test",
                LeaseNamespace = ns,
                Identity = identity,
                LeaseDuration = duration,
                RenewDeadline = deadline,
                RetryPeriod = Retry,
            },
            new LeaderElectionCallbacks(),
            TestLog.For<LeaderElector>(output));

    /// <summary>Reads both electors' IsLeader as often as it can and counts the instants where both say yes.</summary>
    private sealed class LeaderSampler(LeaderElector a, LeaderElector b)
    {
        public long Samples { get; private set; }

        public long BothLeaders { get; private set; }

        public Task RunAsync(CancellationToken cancellationToken) => Task.Run(
            () =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Samples++;
                    if (a.IsLeader && b.IsLeader)
                    {
                        BothLeaders++;
                    }

                    Thread.Sleep(1);
                }
            },
            CancellationToken.None);
    }
}
