using k8s.Models;
using LvsOperator.Kubernetes.Client;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Kubernetes.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease with client-go's semantics. A candidate takes the Lease when
/// it is free, or when its record has not changed for the lease duration measured on our monotonic clock from when
/// we last saw it change — remote timestamps are never compared with the local clock. The leader renews every
/// retry period and stops leading (IsLeader false, the OnStartedLeading token cancelled) as soon as the renew
/// deadline passes without a successful renew; that is strictly before any candidate may take over. A write that
/// meets a 409 lost a race: the next attempt re-reads. After losing leadership the elector becomes a candidate
/// again; on cancellation it stops leading and then (ReleaseOnCancel) clears the Lease for a fast handover.
/// </summary>
public sealed partial class LeaderElector
{
    private readonly IResourceClient<V1Lease> _leases;
    private readonly LeaderElectionOptions _options;
    private readonly LeaderElectionCallbacks _callbacks;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private LeaseRecord? _observed;
    private long _observedAt;
    private long _leadingUntil;
    private volatile bool _leading;
    private volatile string? _leader;
    private int _running;

    public LeaderElector(
        IResourceClient<V1Lease> leases, LeaderElectionOptions options, LeaderElectionCallbacks callbacks, ILogger<LeaderElector> logger,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(callbacks);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _leases = leases;
        _options = options;
        _callbacks = callbacks;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    public string Identity => _options.Identity;

    /// <summary>
    /// True while we lead: checked against the renew deadline on every read, so it turns false on time even when the
    /// elector's loop is late (a starved thread pool), never after a candidate could have taken the Lease; and false
    /// at once when the Lease was seen held by someone else.
    /// </summary>
    public bool IsLeader => _leading && _leader == _options.Identity && _time.GetTimestamp() < Interlocked.Read(ref _leadingUntil);

    /// <summary>The holderIdentity last observed on the Lease (ours when leading), null before the first read or when free.</summary>
    public string? Leader => _leader;

    /// <summary>Campaigns, leads, and campaigns again after losing, until the token is cancelled. Never throws for API errors.</summary>
    /// <exception cref="InvalidOperationException">The elector is already running: run each one once.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException($"the elector for Lease {_options.LeaseName} is already running");
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await AcquireAsync(cancellationToken))
            {
                break;
            }

            await LeadAsync(cancellationToken);
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        LogCampaigning(_logger, _options.Identity, _options.LeaseNamespace, _options.LeaseName);
        while (true)
        {
            var attempt = _time.GetTimestamp();
            if (await TryAcquireOrRenewAsync(cancellationToken))
            {
                Interlocked.Exchange(ref _leadingUntil, attempt + Ticks(_options.RenewDeadline));
                _leading = true;
                LogAcquired(_logger, _options.Identity, _options.LeaseNamespace, _options.LeaseName);
                return true;
            }

            // A little jitter keeps candidates that lost the same race from colliding again.
            var wait = _options.RetryPeriod * (1 + (0.2 * Random.Shared.NextDouble()));
            if (!await DelayAsync(wait, cancellationToken))
            {
                return false;
            }
        }
    }

    private async Task LeadAsync(CancellationToken cancellationToken)
    {
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Task.Run(() => StartedLeadingAsync(leading.Token), CancellationToken.None);
        await RenewAsync(cancellationToken);

        // Stop acting before anything else, a release included: a candidate may take the Lease once we let go.
        _leading = false;
        await leading.CancelAsync();
        await work;
        LogStoppedLeading(_logger, _options.Identity, _options.LeaseName);
        Invoke(() => _callbacks.OnStoppedLeading?.Invoke(), nameof(LeaderElectionCallbacks.OnStoppedLeading));
        if (cancellationToken.IsCancellationRequested && _options.ReleaseOnCancel)
        {
            await ReleaseAsync();
        }
    }

    // Returns when the renew deadline passed without a successful renew, or when the token is cancelled.
    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var remaining = _time.GetElapsedTime(_time.GetTimestamp(), Interlocked.Read(ref _leadingUntil));
            if (remaining <= TimeSpan.Zero)
            {
                LogRenewDeadlinePassed(_logger, _options.Identity, _options.LeaseName, _options.RenewDeadline);
                return;
            }

            if (!await DelayAsync(Min(_options.RetryPeriod, remaining), cancellationToken))
            {
                return;
            }

            var attempt = _time.GetTimestamp();
            remaining = _time.GetElapsedTime(attempt, Interlocked.Read(ref _leadingUntil));
            if (remaining <= TimeSpan.Zero)
            {
                continue;
            }

            // A renew that cannot finish before the deadline is worthless: bound it by what is left.
            using var deadline = new CancellationTokenSource(remaining, _time);
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            if (await TryAcquireOrRenewAsync(bounded.Token))
            {
                Interlocked.Exchange(ref _leadingUntil, attempt + Ticks(_options.RenewDeadline));
            }
            else if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            else if (_leader != _options.Identity)
            {
                // Someone else holds the Lease (it was taken or released behind our back): we are not leading.
                LogLostLease(_logger, _options.Identity, _options.LeaseName, _leader ?? "(nobody)");
                return;
            }
        }
    }

    /// <summary>One read and, when we may hold the Lease, one write. True when we hold it afterwards.</summary>
    internal async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var verb = "get";
        try
        {
            var now = _time.GetUtcNow().UtcDateTime;
            var lease = await _leases.GetAsync(_options.LeaseNamespace, _options.LeaseName, cancellationToken);
            if (lease is null)
            {
                verb = "create";
                var created = await _leases.CreateAsync(LeaseClaim.Stamp(LeaseClaim.New(_options), _options, now, acquired: true, transitions: 0), cancellationToken);
                Observe(LeaseRecord.From(created));
                return true;
            }

            var record = LeaseRecord.From(lease);
            Observe(record);
            var ours = record.Holder == _options.Identity;
            if (record.Holder.Length > 0 && !ours
                && _time.GetElapsedTime(_observedAt) < record.Duration(_options.LeaseDuration))
            {
                return false;
            }

            var transitions = ours ? record.Transitions : record.Transitions + 1;
            verb = "update";
            var written = await _leases.ReplaceAsync(LeaseClaim.Stamp(lease, _options, now, acquired: !ours, transitions), cancellationToken);
            Observe(LeaseRecord.From(written));
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
#pragma warning disable CA1031 // a failed attempt (409 lost race, API down) is retried on the next period; never fatal
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (ApiErrors.IsConflict(e))
            {
                LogConflict(_logger, _options.LeaseName);
            }
            else
            {
                LogAttemptFailed(_logger, e, _options.LeaseNamespace, _options.LeaseName, ApiErrors.Describe(e, verb, ResourceType.Of<V1Lease>().Resource));
            }

            return false;
        }
    }

    private async Task ReleaseAsync()
    {
        using var bounded = new CancellationTokenSource(_options.RenewDeadline, _time);
        try
        {
            var lease = await _leases.GetAsync(_options.LeaseNamespace, _options.LeaseName, bounded.Token);
            if (lease?.Spec?.HolderIdentity != _options.Identity)
            {
                return;
            }

            var released = LeaseClaim.Release(lease, _time.GetUtcNow().UtcDateTime);
            Observe(LeaseRecord.From(await _leases.ReplaceAsync(released, bounded.Token)));
            LogReleased(_logger, _options.Identity, _options.LeaseName);
        }
#pragma warning disable CA1031 // a failed release only costs the other candidates one lease duration
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogReleaseFailed(_logger, e, _options.LeaseName);
        }
    }

    private async Task StartedLeadingAsync(CancellationToken leading)
    {
        if (_callbacks.OnStartedLeading is not { } started)
        {
            return;
        }

        try
        {
            await started(leading);
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
            // Leadership ended: the expected way for a leader's work to stop.
        }
#pragma warning disable CA1031 // the caller's callback; its failure must not end the election
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogCallbackFailed(_logger, e, nameof(LeaderElectionCallbacks.OnStartedLeading));
        }
    }

    private void Observe(LeaseRecord record)
    {
        if (_observed == record)
        {
            return;
        }

        var previousHolder = _observed?.Holder;
        _observed = record;
        _observedAt = _time.GetTimestamp();
        _leader = record.Holder.Length > 0 ? record.Holder : null;
        if (record.Holder.Length > 0 && record.Holder != previousHolder)
        {
            LogNewLeader(_logger, _options.LeaseName, record.Holder);
            Invoke(() => _callbacks.OnNewLeader?.Invoke(record.Holder), nameof(LeaderElectionCallbacks.OnNewLeader));
        }
    }

    private void Invoke(Action callback, string name)
    {
        try
        {
            callback();
        }
#pragma warning disable CA1031 // the caller's callback; its failure must not end the election
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogCallbackFailed(_logger, e, name);
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
