namespace LvsOperator.Operator.Resolution;

/// <summary>
/// Whether a VirtualService serves its VIP:port keys, and the others it shares them with: for a winner, the newer
/// claims it keeps from being programmed; for a loser, the older ones that hold its keys.
/// </summary>
internal sealed record ConflictOutcome(bool Serving, IReadOnlyList<ConflictingClaim> Others)
{
    public static ConflictOutcome Alone { get; } = new(true, []);
}
