using k8s;

namespace LvsOperator.Sandbox.Controllers;

/// <summary>Compares two statuses as they travel (JSON), so a controller writes only what changed.</summary>
internal static class StatusText
{
    public static bool Differs(object wanted, object? stored) =>
        stored is null || KubernetesJson.Serialize(wanted) != KubernetesJson.Serialize(stored);
}
