namespace LvsOperator.Dataplane.Services;

/// <summary>What one <see cref="ServiceTable.Apply"/> did, for logs and events; <see cref="Errors"/> lists specs it refused.</summary>
public sealed record ServiceTableChanges(
    int ServicesAdded,
    int ServicesRemoved,
    int ServicesUpdated,
    int RealServersAdded,
    int RealServersRemoved,
    int WeightsChanged,
    int SchedulersRebuilt,
    int ConnectionsExpired,
    IReadOnlyList<string> Errors)
{
    public bool Changed => ServicesAdded + ServicesRemoved + ServicesUpdated > 0;
}
