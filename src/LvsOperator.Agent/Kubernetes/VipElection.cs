using k8s.Models;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.LeaderElection;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Kubernetes;

/// <summary>
/// This agent's candidacy for one VIP: a <see cref="LeaderElector"/> on the VIP's Lease. <see cref="Holds"/> is true
/// from the moment the Lease is won until leadership ends — the renew deadline passed without a successful renew,
/// the Lease was seen taken, or the candidacy was stopped — and <paramref name="changed"/> is called on each flip, so
/// the forwarder is told at once.
/// </summary>
internal sealed class VipElection : IAsyncDisposable
{
    private readonly LeaderElector _elector;
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<VipElection> _changed;
    private volatile bool _holding;
    private Task _running = Task.CompletedTask;

    public VipElection(uint vip, IResourceClient<V1Lease> leases, LeaderElectionOptions options, Action<VipElection> changed, ILogger<LeaderElector> logger, TimeProvider time)
    {
        Vip = vip;
        _changed = changed;
        _elector = new LeaderElector(leases, options, new LeaderElectionCallbacks { OnStartedLeading = LeadAsync }, logger, time);
    }

    public uint Vip { get; }

    /// <summary>Whether this node's director is the VIP's active one; strict: also false once the renew deadline passed.</summary>
    public bool Holds => _holding && _elector.IsLeader;

    public void Start() => _running = _elector.RunAsync(_stop.Token);

    /// <summary>Stops acting, then releases the Lease if held (bounded by the renew deadline), and stops campaigning.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }

    /// <summary>Stopping is what disposes the candidacy (its token source); the owner calls <see cref="StopAsync"/>.</summary>
    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task LeadAsync(CancellationToken leading)
    {
        _holding = true;
        _changed(this);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, leading);
        }
        finally
        {
            _holding = false;
            _changed(this);
        }
    }
}
