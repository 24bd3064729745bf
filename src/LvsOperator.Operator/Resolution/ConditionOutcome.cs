namespace LvsOperator.Operator.Resolution;

/// <summary>What one condition should say: its type, True or False, a CamelCase reason and a message for humans.</summary>
internal sealed record ConditionOutcome(string Type, bool Status, string Reason, string Message);
