namespace LvsOperator.Operator.Resolution;

/// <summary>A core/v1 Event to record about a VirtualService: Normal or Warning, a CamelCase reason, a message.</summary>
internal sealed record OperatorEvent(string Type, string Reason, string Message);
