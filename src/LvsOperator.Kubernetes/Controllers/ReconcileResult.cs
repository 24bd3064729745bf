namespace LvsOperator.Kubernetes.Controllers;

/// <summary>What a reconcile asks of its queue next; throwing is the same as <see cref="Error"/>.</summary>
public readonly record struct ReconcileResult(ReconcileOutcome Outcome, TimeSpan Delay, string? Message)
{
    public static ReconcileResult Success { get; } = new(ReconcileOutcome.Success, TimeSpan.Zero, null);

    public static ReconcileResult Requeue { get; } = new(ReconcileOutcome.Requeue, TimeSpan.Zero, null);

    public static ReconcileResult RequeueAfter(TimeSpan delay) => new(ReconcileOutcome.RequeueAfter, delay, null);

    /// <summary>Logged as a warning with <paramref name="message"/>; retried with backoff.</summary>
    public static ReconcileResult Error(string message) => new(ReconcileOutcome.Error, TimeSpan.Zero, message);
}
