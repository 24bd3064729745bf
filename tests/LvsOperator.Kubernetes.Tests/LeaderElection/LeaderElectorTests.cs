using k8s.Models;
using LvsOperator.Kubernetes.LeaderElection;
using LvsOperator.Kubernetes.Tests.TestSupport;
using Xunit.Abstractions;

namespace LvsOperator.Kubernetes.Tests.LeaderElection;

/// <summary>The election's rules on an in-memory Lease and a fake clock: every instant is chosen by the test.</summary>
public sealed class LeaderElectorTests(ITestOutputHelper output)
{
    private const string Ns = "lvs-system";
    private const string Name = "lvs-vip-198-18-0-100";
    private readonly SteppedClock _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryResourceClient<V1Lease> _leases = new();

    [Fact]
    public async Task An_absent_lease_is_created_with_us_as_holder_and_the_duration_rounded_up()
    {
        var elector = Elector("node1", TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(250));

        Assert.True(await elector.TryAcquireOrRenewAsync(CancellationToken.None));

        var lease = _leases.Peek(Ns, Name)!;
        Assert.Equal("node1", lease.Spec.HolderIdentity);
        Assert.Equal(2, lease.Spec.LeaseDurationSeconds);
        Assert.Equal("1500", lease.Metadata.Annotations[LeaseRecord.DurationAnnotation]);
        Assert.Equal(0, lease.Spec.LeaseTransitions);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, lease.Spec.AcquireTime);
        Assert.Equal("node1", elector.Leader);
    }

    [Fact]
    public async Task A_lease_held_by_another_is_taken_only_after_its_duration_on_our_own_clock_however_old_its_renew_time()
    {
        // The other holder's clock is an hour behind ours: comparing its renewTime with our clock would take over at once.
        Hold("node2", renewTime: _time.GetUtcNow().UtcDateTime.AddHours(-1), seconds: 15);
        var elector = Elector("node1");

        Assert.False(await elector.TryAcquireOrRenewAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(14.9));
        Assert.False(await elector.TryAcquireOrRenewAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(await elector.TryAcquireOrRenewAsync(CancellationToken.None));

        var lease = _leases.Peek(Ns, Name)!;
        Assert.Equal("node1", lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, lease.Spec.AcquireTime);
    }

    [Fact]
    public async Task Every_change_of_the_record_restarts_the_wait()
    {
        Hold("node2", renewTime: _time.GetUtcNow().UtcDateTime, seconds: 15);
        var elector = Elector("node1");
        Assert.False(await elector.TryAcquireOrRenewAsync(CancellationToken.None));

        _time.Advance(TimeSpan.FromSeconds(10));
        Renew("node2");
        Assert.False(await elector.TryAcquireOrRenewAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(14));
        Assert.False(await elector.TryAcquireOrRenewAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await elector.TryAcquireOrRenewAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_released_lease_is_taken_at_once()
    {
        Hold("", renewTime: _time.GetUtcNow().UtcDateTime, seconds: 1);
        var elector = Elector("node1");

        Assert.True(await elector.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.Equal(1, _leases.Peek(Ns, Name)!.Spec.LeaseTransitions);
    }

    [Fact]
    public async Task The_exact_duration_annotation_is_honoured_but_never_beyond_the_published_seconds()
    {
        Hold("node2", renewTime: _time.GetUtcNow().UtcDateTime, seconds: 2, exactMs: 1500);
        var exact = Elector("node1");
        Assert.False(await exact.TryAcquireOrRenewAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromMilliseconds(1499));
        Assert.False(await exact.TryAcquireOrRenewAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await exact.TryAcquireOrRenewAsync(CancellationToken.None));

        Hold("node2", renewTime: _time.GetUtcNow().UtcDateTime, seconds: 2, exactMs: 9000);
        var capped = Elector("node3");
        Assert.False(await capped.TryAcquireOrRenewAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await capped.TryAcquireOrRenewAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Losing_a_race_with_a_409_is_a_failed_attempt_not_an_error()
    {
        var elector = Elector("node1");
        Assert.True(await elector.TryAcquireOrRenewAsync(CancellationToken.None));
        _leases.Fault = verb => verb == "replace" ? InMemoryResourceClient<V1Lease>.Error(409, "Conflict") : null;

        Assert.False(await elector.TryAcquireOrRenewAsync(CancellationToken.None));

        _leases.Fault = verb => verb == "get" ? InMemoryResourceClient<V1Lease>.Error(500, "InternalError") : null;
        Assert.False(await elector.TryAcquireOrRenewAsync(CancellationToken.None));
        _leases.Fault = null;
        Assert.True(await elector.TryAcquireOrRenewAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_leader_stops_leading_exactly_at_the_renew_deadline_when_renewals_stall()
    {
        var started = 0;
        var stopped = 0;
        using var leading = new SemaphoreSlim(0);
        var elector = Elector("node1", TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(250), new LeaderElectionCallbacks
        {
            OnStartedLeading = async ct =>
            {
                Interlocked.Increment(ref started);
                leading.Release();
                await Task.Delay(Timeout.Infinite, ct);
            },
            OnStoppedLeading = () => Interlocked.Increment(ref stopped),
        });
        using var stop = new CancellationTokenSource();
        var running = elector.RunAsync(stop.Token);
        Assert.True(await leading.WaitAsync(Eventually.Bound));
        Assert.True(elector.IsLeader);

        // The API server stops answering: renewals hang until their deadline-bounded timeout.
        _leases.Hang = true;
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.True(elector.IsLeader);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(elector.IsLeader);
        await Eventually.WaitAsync(() => Volatile.Read(ref stopped) == 1, "OnStoppedLeading after the deadline");
        Assert.Equal(1, started);
        await stop.CancelAsync();
        await running.WaitAsync(Eventually.Bound);
    }

    [Fact]
    public async Task A_leader_that_finds_its_lease_held_by_another_stops_leading_at_once_not_at_its_deadline()
    {
        var stopped = 0;
        var elector = Elector("node1", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), new LeaderElectionCallbacks
        {
            OnStoppedLeading = () => Interlocked.Increment(ref stopped),
        });
        using var stop = new CancellationTokenSource();
        var running = elector.RunAsync(stop.Token);
        await Eventually.WaitAsync(() => elector.IsLeader, "node1 leads");
        var leading = _time.GetUtcNow();

        // Another writer (an operator with another view, a human with kubectl) hands the Lease to node2.
        Hold("node2", renewTime: _time.GetUtcNow().UtcDateTime, seconds: 15);
        await _time.StepAsync(() => Volatile.Read(ref stopped) == 1);
        await Eventually.WaitAsync(() => Volatile.Read(ref stopped) == 1, "node1 stops leading");

        Assert.False(elector.IsLeader);
        Assert.Equal("node2", elector.Leader);
        Assert.True(_time.GetUtcNow() - leading < TimeSpan.FromSeconds(10), "stopped at the next renew, before the renew deadline");
        await stop.CancelAsync();
        await running.WaitAsync(Eventually.Bound);
        Assert.Equal("node2", _leases.Peek(Ns, Name)!.Spec.HolderIdentity);
    }

    [Fact]
    public async Task A_candidate_takes_over_no_sooner_than_the_lease_duration_and_within_one_retry_after_it()
    {
        // node2 renewed at t0 and then died; node1's loop is stepped from one timer to the next.
        Hold("node2", renewTime: _time.GetUtcNow().UtcDateTime, seconds: 2, exactMs: 1500);
        var start = _time.GetTimestamp();
        var elector = Elector("node1", TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(250));
        using var stop = new CancellationTokenSource();
        var running = elector.RunAsync(stop.Token);
        await Eventually.WaitAsync(() => _time.TimersCreated > 0, "node1's first attempt");
        Assert.Equal("node2", elector.Leader);

        var attempts = 0;
        while (!elector.IsLeader && attempts++ < 100)
        {
            await _time.StepAsync(() => elector.IsLeader);
        }

        var tookOver = _time.GetElapsedTime(start);
        Assert.True(elector.IsLeader);
        Assert.InRange(tookOver, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1.5) + (TimeSpan.FromMilliseconds(250) * 1.2));
        await stop.CancelAsync();
        await running.WaitAsync(Eventually.Bound);
    }

    [Fact]
    public async Task Cancellation_stops_leading_first_and_then_releases_the_lease()
    {
        var order = new List<string>();
        using var leading = new SemaphoreSlim(0);
        var elector = Elector("node1", callbacks: new LeaderElectionCallbacks
        {
            OnStartedLeading = async ct =>
            {
                leading.Release();
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                finally
                {
                    lock (order)
                    {
                        order.Add($"work ended, holder {_leases.Peek(Ns, Name)!.Spec.HolderIdentity}");
                    }
                }
            },
            OnStoppedLeading = () =>
            {
                lock (order)
                {
                    order.Add($"stopped, holder {_leases.Peek(Ns, Name)!.Spec.HolderIdentity}");
                }
            },
        });
        using var stop = new CancellationTokenSource();
        var running = elector.RunAsync(stop.Token);
        Assert.True(await leading.WaitAsync(Eventually.Bound));

        await stop.CancelAsync();
        await running.WaitAsync(Eventually.Bound);

        Assert.Equal(["work ended, holder node1", "stopped, holder node1"], order);
        var lease = _leases.Peek(Ns, Name)!;
        Assert.Equal("", lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseDurationSeconds);
        Assert.False(elector.IsLeader);
    }

    [Fact]
    public void Timings_must_be_duration_over_deadline_over_retry()
    {
        Assert.Throws<ArgumentException>(() => Elector("node1", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(250)));
        Assert.Throws<ArgumentException>(() => Elector("node1", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentException>(() => Elector("", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.5)));
    }

    private LeaderElector Elector(string identity, TimeSpan? duration = null, TimeSpan? deadline = null, TimeSpan? retry = null, LeaderElectionCallbacks? callbacks = null) =>
        new(
            _leases,
            new LeaderElectionOptions
            {
                LeaseName = Name,
                LeaseNamespace = Ns,
                Identity = identity,
                LeaseDuration = duration ?? TimeSpan.FromSeconds(15),
                RenewDeadline = deadline ?? TimeSpan.FromSeconds(10),
                RetryPeriod = retry ?? TimeSpan.FromSeconds(2),
            },
            callbacks ?? new LeaderElectionCallbacks(),
            TestLog.For<LeaderElector>(output),
            _time);

    private void Hold(string holder, DateTime renewTime, int seconds, int? exactMs = null)
    {
        var lease = _leases.Peek(Ns, Name) ?? new V1Lease { Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Ns } };
        lease.Spec = new V1LeaseSpec { HolderIdentity = holder, LeaseDurationSeconds = seconds, AcquireTime = renewTime, RenewTime = renewTime, LeaseTransitions = 0 };
        lease.Metadata.Annotations = exactMs is { } ms ? new Dictionary<string, string> { [LeaseRecord.DurationAnnotation] = ms.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null;
        _leases.Put(lease);
    }

    private void Renew(string holder)
    {
        var lease = _leases.Peek(Ns, Name)!;
        lease.Spec.HolderIdentity = holder;
        lease.Spec.RenewTime = _time.GetUtcNow().UtcDateTime;
        _leases.Put(lease);
    }
}
