namespace LvsOperator.Kubernetes.Events;

/// <summary>What makes two events "the same" for aggregation: the object, type, reason and message.</summary>
internal readonly record struct EventKey(string? Namespace, string Kind, string Name, string? Uid, string Type, string Reason, string Message);
