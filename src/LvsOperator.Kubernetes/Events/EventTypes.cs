namespace LvsOperator.Kubernetes.Events;

/// <summary>The two event types Kubernetes knows.</summary>
public static class EventTypes
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
}
