using LvsOperator.Agent.Config;

namespace LvsOperator.Agent.Status;

/// <summary>
/// What the agent has done with its configuration, for /readyz, /v1/services and /metrics. Written by the reload
/// loop, read by HTTP requests: every change replaces one immutable <see cref="ConfigStatus"/>.
/// </summary>
internal sealed class AgentState(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private ConfigStatus _status = ConfigStatus.Initial;
    private long _reloadsSucceeded;
    private long _reloadsRejected;

    public ConfigStatus Config => Volatile.Read(ref _status);

    public long ReloadsSucceeded => Interlocked.Read(ref _reloadsSucceeded);

    public long ReloadsRejected => Interlocked.Read(ref _reloadsRejected);

    public void Applied(DesiredConfiguration configuration, IReadOnlyList<string> refused)
    {
        Interlocked.Increment(ref refused.Count == 0 ? ref _reloadsSucceeded : ref _reloadsRejected);
        Update(s => s with
        {
            Generation = s.Generation + 1,
            Applied = configuration,
            AppliedAt = timeProvider.GetUtcNow(),
            LastError = refused.Count == 0 ? null : new ConfigError(timeProvider.GetUtcNow(), refused),
        });
    }

    /// <summary>The file could not be used; whatever was applied before stays in force.</summary>
    public void Rejected(IReadOnlyList<string> problems)
    {
        Interlocked.Increment(ref _reloadsRejected);
        Update(s => s with { LastError = new ConfigError(timeProvider.GetUtcNow(), problems) });
    }

    /// <summary>Kubernetes mode: the informers are waiting for (false) or have (true) their first list.</summary>
    public void ClusterSyncing() => Update(s => s with { ClusterSynced = false });

    public void ClusterSynced() => Update(s => s with { ClusterSynced = true });

    public void GuardInstalled() => Update(s => s with { GuardInstalled = true, GuardError = null });

    public void GuardFailed(string error) => Update(s => s with { GuardInstalled = false, GuardError = error });

    private void Update(Func<ConfigStatus, ConfigStatus> change)
    {
        lock (_gate)
        {
            Volatile.Write(ref _status, change(_status));
        }
    }
}
