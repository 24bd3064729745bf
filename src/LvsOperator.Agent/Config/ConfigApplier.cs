using LvsOperator.Agent.Dataplane;
using LvsOperator.Agent.Status;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Services;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Config;

/// <summary>
/// The one way in to the data plane, for both sources (a config file's documents, the cluster's VirtualServices):
/// map the resolved VirtualServices, hand them to the forwarder thread (ServiceTable.Apply diffs, so unaffected
/// connections are untouched) together with the VIPs this director owns, then fit the kernel guard to both and
/// announce the VIPs it has just come to own. What was applied and what went wrong is kept in
/// <see cref="AgentState"/> for /readyz and /v1/services. Thread-safe: applies run one at a time.
/// </summary>
internal sealed partial class ConfigApplier(IDataplane dataplane, AgentState state, IVipOwnership ownership, ILogger<ConfigApplier> logger) : IDisposable
{
    private readonly SemaphoreSlim _applying = new(1, 1);
    private DesiredConfiguration _desired = DesiredConfiguration.Empty;
    private GuardRules? _guard;
    private HashSet<uint> _announced = [];

    /// <summary>Programs <paramref name="services"/> (validated by the caller) in place of what was programmed before.</summary>
    public async Task<ApplyOutcome> ApplyAsync(IReadOnlyList<ResolvedVirtualService> services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var desired = VirtualServiceMapper.Map(services);
        await _applying.WaitAsync(cancellationToken);
        try
        {
            var changes = await dataplane.InvokeAsync(() =>
            {
                var applied = dataplane.Services.Apply(desired.Specs);
                dataplane.Services.SetOwnedVips(ownership.OwnedVips); // read on the forwarder thread: the latest
                return applied;
            });
            foreach (var refused in changes.Errors)
            {
                LogProblem(logger, refused);
            }

            LogApplied(logger, desired.Specs.Count, changes.ServicesAdded, changes.ServicesRemoved, changes.ServicesUpdated,
                changes.RealServersAdded, changes.RealServersRemoved, changes.WeightsChanged, changes.ConnectionsExpired);
            state.Applied(desired, changes.Errors);
            _desired = desired;
            await FitGuardAsync(cancellationToken);
            return new ApplyOutcome(changes.Errors, state.Config.GuardError);
        }
        finally
        {
            _applying.Release();
        }
    }

    /// <summary>
    /// The owned VIPs changed: flip them in the forwarder at once (not behind an apply in progress: a VIP whose Lease
    /// is lost must stop being served now), then fit the guard and announce what is newly owned.
    /// </summary>
    public async Task OwnershipChangedAsync(CancellationToken cancellationToken)
    {
        await PushOwnershipAsync();
        await _applying.WaitAsync(cancellationToken);
        try
        {
            await FitGuardAsync(cancellationToken);
        }
        finally
        {
            _applying.Release();
        }
    }

    /// <summary>Only the forwarder's owned set, read when the forwarder runs it so that the last push always wins.</summary>
    public Task PushOwnershipAsync() => dataplane.IsRunning
        ? dataplane.InvokeAsync(() =>
        {
            dataplane.Services.SetOwnedVips(ownership.OwnedVips);
            return true;
        })
        : Task.CompletedTask;

    /// <summary>A version of the file that cannot be used (unreadable, too large, not UTF-8, not YAML): nothing changes.</summary>
    public void Reject(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        LogRejected(logger, problems.Count);
        foreach (var problem in problems)
        {
            LogProblem(logger, problem);
        }

        state.Rejected(problems);
    }

    /// <summary>
    /// A reload threw where nothing should. It is logged once with its stack and reported as a rejected file is, so
    /// the host goes on forwarding with what it has and the next version of the file is tried as usual.
    /// </summary>
    public void Failed(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        LogFailed(logger, exception);
        state.Rejected([$"the reload failed unexpectedly ({exception.GetType().Name}: {exception.Message}); see the agent's log"]);
    }

    /// <summary>Installs the guard for the configuration in force again if the last attempt failed.</summary>
    public async Task RetryGuardAsync(CancellationToken cancellationToken)
    {
        await _applying.WaitAsync(cancellationToken);
        try
        {
            if (!state.Config.GuardInstalled && _guard is { } guard)
            {
                await InstallGuardAsync(guard, cancellationToken);
            }
        }
        finally
        {
            _applying.Release();
        }
    }

    public void Dispose() => _applying.Dispose();

    private async Task FitGuardAsync(CancellationToken cancellationToken)
    {
        var owned = ownership.OwnedVips;
        var guard = GuardRules.From(_desired.Specs, owned);
        if (_guard is null || !state.Config.GuardInstalled || !guard.SameAs(_guard))
        {
            await InstallGuardAsync(guard, cancellationToken);
        }

        // Announce what this director has just come to own: new VIPs standalone, a won Lease in a cluster.
        var held = guard.Vips().Where(v => owned is null || owned.Contains(v)).ToHashSet();
        var added = held.Except(_announced).ToArray();
        _announced = held;
        if (added.Length > 0)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                foreach (var vip in added)
                {
                    var text = Ipv4Format.ToString(vip);
                    LogAnnounce(logger, text);
                }
            }

            dataplane.AnnounceVips(added);
        }
    }

    private async Task InstallGuardAsync(GuardRules guard, CancellationToken cancellationToken)
    {
        _guard = guard;
        try
        {
            await dataplane.InstallGuardAsync(guard, cancellationToken);
            state.GuardInstalled();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogGuardFailed(logger, e);
            state.GuardFailed(e.Message);
        }
    }
}
