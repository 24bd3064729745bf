namespace LvsOperator.Kubernetes.Controllers;

public sealed record ControllerOptions
{
    /// <summary>Names the controller in logs and metrics ("virtualservice").</summary>
    public string Name { get; init; } = "controller";

    /// <summary>Concurrent reconciles; one key is still never reconciled by two workers at once.</summary>
    public int Workers { get; init; } = 1;
}
