namespace LvsOperator.Operator.Resolution;

/// <summary>A condition whose status or reason changed in a write (or that appeared): what it says now, and what it said before.</summary>
internal sealed record ConditionFlip(ConditionOutcome Now, string? PreviousStatus, string? PreviousReason);
