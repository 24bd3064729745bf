using LvsOperator.Api;
using LvsOperator.Api.Conditions;
using LvsOperator.Kubernetes.Status;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Kubernetes;

/// <summary>
/// Writes this agent's own entry of <c>status.directors[]</c> (nodeName, holdsVip, programmedRevision and a
/// Programmed condition), or removes it, and touches nothing else of the status: read-modify-write of /status with the
/// object's resourceVersion, again from a fresh read on 409 (<see cref="StatusWriter{T}"/>), so the operator's and the
/// other agents' writes are kept. A write is skipped when the informer's copy already shows the entry, or still shows
/// the state from before our own last write (the informer has not caught up with it yet).
/// </summary>
internal sealed partial class DirectorReporter(ClusterClients clients, ClusterIdentity identity, TimeProvider time, ILogger<DirectorReporter> logger)
{
    private readonly StatusWriter<VirtualService> _writer = new(clients.VirtualServices, time);
    private readonly Dictionary<string, (DirectorReport? Report, string? ResourceVersion)> _written = new(StringComparer.Ordinal);

    /// <summary>Makes our entry say <paramref name="report"/> (null: no entry). True when the API has it so afterwards.</summary>
    public async Task<bool> ReportAsync(VirtualService cached, DirectorReport? report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cached);
        var key = cached.Key();
        if (Shows(cached, report)
            || (_written.TryGetValue(key, out var written) && written.Report == report && written.ResourceVersion == cached.Metadata.ResourceVersion))
        {
            return true;
        }

        try
        {
            var result = await _writer.UpdateAsync(cached, vs => Mutate(vs, report), cancellationToken);
            _written[key] = (report, cached.Metadata.ResourceVersion);
            if (result.Outcome == StatusWriteOutcome.Written)
            {
                LogWritten(logger, key, report is null ? "removed" : report.Programmed ? "Programmed" : "ProgrammingFailed", report?.HoldsVip ?? false);
            }

            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // an API error is retried on the next reconcile; the data plane keeps forwarding
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, e, key);
            return false;
        }
    }

    /// <summary>Forgets what was written for a VirtualService that is gone.</summary>
    public void Forget(string key) => _written.Remove(key);

    /// <summary>Our entry in the object's status, if any.</summary>
    public DirectorStatus? EntryOf(VirtualService service) =>
        service.Status?.Directors?.FirstOrDefault(d => d.NodeName == identity.NodeName);

    private bool Shows(VirtualService service, DirectorReport? report)
    {
        var entry = EntryOf(service);
        if (report is null || entry is null)
        {
            return report is null && entry is null;
        }

        var condition = ConditionList.Find(entry.Conditions, ConditionTypes.Programmed);
        return entry.HoldsVip == report.HoldsVip
            && entry.ProgrammedRevision == report.ProgrammedRevision
            && condition is not null
            && condition.Status == (report.Programmed ? ConditionList.True : ConditionList.False)
            && condition.Reason == report.Reason
            && condition.Message == report.Message
            && condition.ObservedGeneration == report.Generation;
    }

    private bool Mutate(VirtualService service, DirectorReport? report)
    {
        var directors = service.Status?.Directors;
        var entry = directors?.FirstOrDefault(d => d.NodeName == identity.NodeName);
        if (report is null)
        {
            return entry is not null && directors!.Remove(entry);
        }

        service.Status ??= new VirtualServiceStatus();
        service.Status.Directors ??= [];
        if (entry is null)
        {
            entry = new DirectorStatus { NodeName = identity.NodeName };
            service.Status.Directors.Add(entry);
        }

        entry.HoldsVip = report.HoldsVip;
        entry.ProgrammedRevision = report.ProgrammedRevision;
        entry.Conditions ??= [];
        ConditionList.Set(entry.Conditions, ConditionTypes.Programmed, report.Programmed, report.Reason, report.Message, report.Generation, time.GetUtcNow());
        return true;
    }
}
