using LvsOperator.Agent.Dataplane;
using LvsOperator.Agent.Status;
using LvsOperator.Api.Serialization;
using LvsOperator.Dataplane.Packets;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Config;

/// <summary>
/// Applies one version of the config file: parse and validate it, map it, hand it to the forwarder thread
/// (ServiceTable.Apply diffs, so unaffected connections are untouched), then fit the kernel guard to it and announce
/// new VIPs. A file that does not load changes nothing in the data plane; its problems are logged and kept in
/// <see cref="AgentState"/> for /readyz and /v1/services.
/// </summary>
internal sealed partial class ConfigApplier(IDataplane dataplane, AgentState state, ILogger<ConfigApplier> logger)
{
    private GuardRules? _guard;

    public async Task<bool> ApplyAsync(string yaml, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (!VirtualServiceDocuments.TryLoad(yaml, out var services, out var problems))
        {
            Reject(problems);
            return false;
        }

        var desired = VirtualServiceMapper.Map(services);
        var before = _guard?.Vips() ?? [];
        var changes = await dataplane.InvokeAsync(() => dataplane.Services.Apply(desired.Specs));
        foreach (var refused in changes.Errors)
        {
            LogProblem(logger, refused);
        }

        LogApplied(logger, desired.Specs.Count, changes.ServicesAdded, changes.ServicesRemoved, changes.ServicesUpdated,
            changes.RealServersAdded, changes.RealServersRemoved, changes.WeightsChanged, changes.ConnectionsExpired);
        state.Applied(desired, changes.Errors);

        var guard = GuardRules.From(desired.Specs);
        await InstallGuardAsync(guard, cancellationToken);
        var added = guard.Vips().Except(before).ToArray();
        if (added.Length > 0)
        {
            foreach (var vip in added)
            {
                LogAnnounce(logger, Ipv4Format.ToString(vip));
            }

            dataplane.AnnounceVips(added);
        }

        return changes.Errors.Count == 0;
    }

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
        if (!state.Config.GuardInstalled && _guard is { } guard)
        {
            await InstallGuardAsync(guard, cancellationToken);
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
