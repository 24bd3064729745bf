namespace LvsOperator.Operator.Resolution;

/// <summary>
/// What the director entries and heartbeats say of one VirtualService: the Programmed condition, which live director
/// holds the VIP (and whether at the current revision), the selected nodes whose agent lapsed, and the entries of
/// agents gone (or nodes deleted) that the operator removes.
/// </summary>
internal sealed record DirectorReport(
    ConditionOutcome Programmed,
    string? ActiveDirector,
    bool VipHeldAtRevision,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Stale);
