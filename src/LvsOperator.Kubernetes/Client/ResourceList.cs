namespace LvsOperator.Kubernetes.Client;

/// <summary>One page of a LIST: its items, the list's resourceVersion and the token for the next page (null on the last).</summary>
public sealed record ResourceList<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue);
