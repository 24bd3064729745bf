namespace LvsOperator.Kubernetes.Client;

/// <summary>Which objects a LIST or WATCH covers: one namespace or all (null), and optional label and field selectors.</summary>
public sealed record ResourceSelector(string? Namespace = null, string? LabelSelector = null, string? FieldSelector = null)
{
    public static ResourceSelector All { get; } = new();

    public override string ToString() =>
        $"namespace={Namespace ?? "(all)"} labels={LabelSelector ?? "(any)"} fields={FieldSelector ?? "(any)"}";
}
