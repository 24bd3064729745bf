using k8s;
using k8s.Models;
using LvsOperator.Agent.Config;
using LvsOperator.Agent.Kubernetes;
using LvsOperator.Agent.Status;
using LvsOperator.Agent.Tests.Support;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Kubernetes.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static LvsOperator.Agent.Tests.Kubernetes.ClusterObjects;

namespace LvsOperator.Agent.Tests.Kubernetes;

/// <summary>
/// The ownership state machine on a fake clock, its Lease on the sandbox API server: a holder that can no longer
/// renew stops acting for the VIP at the renew deadline, and its forwarder stops before a standby could take the
/// Lease (the lease duration after the last renew).
/// </summary>
public sealed class VipElectionsTests : IAsyncLifetime
{
    private static readonly uint Vip = Ipv4Format.Parse("198.18.0.100");
    private readonly AgentCluster _cluster = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly FakeDataplane _dataplane = new();

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        await _dataplane.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _dataplane.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_holder_that_cannot_renew_stops_acting_at_the_renew_deadline_before_a_standby_may_take_over()
    {
        var (ns, _) = await _cluster.AgentNamespaceAsync();
        var (leases, cut) = CutOffProxy<IResourceClient<V1Lease>>.Wrap(ResourceClients.Leases(_cluster.Admin));
        var clients = ClusterClients.From(_cluster.Admin) with { Leases = leases };
        var options = Options.Create(new AgentOptions());
        var elections = new VipElections(clients, new ClusterIdentity(null, "node1", ns), options, NullLoggerFactory.Instance, _time);
        using var applier = new ConfigApplier(_dataplane, new AgentState(_time), elections, NullLogger<ConfigApplier>.Instance);
        elections.OwnershipChanged += (_, _) => _ = applier.PushOwnershipAsync();
        await applier.ApplyAsync([ResolvedVirtualService.FromStatus(Resolved(backends: Backend("198.19.1.11", 8080)))], default);
        Assert.False(Owned(), "a VIP is not owned before its Lease is won");

        elections.Ensure([Vip]);
        await Eventually.WaitAsync(() => Task.FromResult(Owned()), o => o, "the VIP owned once the Lease is won");
        var won = _time.GetTimestamp();
        await Task.Delay(100); // the elector arms its first renew timer

        cut.Cut = true;
        foreach (var at in new[] { 250, 500, 750 })
        {
            var before = cut.Calls;
            _time.Advance(At(won, at));
            await Eventually.WaitAsync(() => Task.FromResult(cut.Calls), c => c > before, $"the renew attempt at {at} ms");
            await Task.Delay(50);
        }

        _time.Advance(At(won, 990));
        Assert.True(elections.Holds(Vip), "still the holder just before the renew deadline");
        Assert.True(Owned());

        _time.Advance(At(won, 1000));
        Assert.False(elections.Holds(Vip), "not the holder once the renew deadline passed");
        Assert.Empty(elections.OwnedVips!);

        // The forwarder is told as soon as the elector's loop runs; it must stop acting before any standby may start.
        var deadline = DateTime.UtcNow + Eventually.Limit;
        while (Owned() && _time.GetElapsedTime(won) < options.Value.VipLease.Duration && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.False(Owned(), $"the forwarder still acts for the VIP {_time.GetElapsedTime(won).TotalMilliseconds} ms after the last renew");
        Assert.True(_time.GetElapsedTime(won) < options.Value.VipLease.Duration);
        cut.Cut = false;
        await elections.StopAllAsync();
    }

    [Fact]
    public async Task Withdrawing_a_vip_releases_its_lease_at_once()
    {
        var (ns, _) = await _cluster.AgentNamespaceAsync();
        var elections = new VipElections(ClusterClients.From(_cluster.Admin), new ClusterIdentity(null, "node1", ns),
            Options.Create(new AgentOptions()), NullLoggerFactory.Instance, TimeProvider.System);
        elections.Ensure([Vip]);
        await Eventually.WaitAsync(() => Task.FromResult(elections.Holds(Vip)), h => h, "the VIP held");

        elections.Ensure([]);

        Assert.False(elections.Holds(Vip));
        await Eventually.WaitAsync(
            () => _cluster.Admin.CoordinationV1.ReadNamespacedLeaseAsync(LeaseNames.Vip(Vip), ns),
            l => string.IsNullOrEmpty(l.Spec.HolderIdentity),
            "the Lease released");
        await elections.StopAllAsync();
    }

    private bool Owned() => _dataplane.Services.Services.Any(s => s.Key.Vip == Vip && s.IsOwned);

    // How far to advance the clock so that it reads `won + milliseconds`.
    private TimeSpan At(long won, int milliseconds) => TimeSpan.FromMilliseconds(milliseconds) - _time.GetElapsedTime(won);
}
