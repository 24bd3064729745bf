namespace LvsOperator.Agent.Kubernetes;

/// <summary>The decision about one VirtualService and why (the problems of an <see cref="SelectionKind.Invalid"/> one).</summary>
public sealed record Selection(SelectionKind Kind, string Reason, IReadOnlyList<string> Problems)
{
    public static Selection Program { get; } = new(SelectionKind.Program, "", []);

    public static Selection Pending(string reason) => new(SelectionKind.Pending, reason, []);

    public static Selection Withdraw(string reason) => new(SelectionKind.Withdraw, reason, []);

    public static Selection Invalid(IReadOnlyList<string> problems) => new(SelectionKind.Invalid, string.Join("; ", problems), problems);
}
