using k8s;
using k8s.Models;

namespace LvsOperator.Sandbox.Cluster;

/// <summary>The manifests every multi-node sandbox applies (Cluster/Manifests/*.yaml, embedded), read into typed objects.</summary>
internal static class ClusterManifests
{
    public const string SystemNamespace = "lvs-system";
    public const string OperatorName = "lvs-operator";
    public const string AgentName = "lvs-agent";
    public const string EchoName = "echo";
    public const string EchoNamespace = "default";

    /// <summary>Namespace lvs-system, ServiceAccounts, ClusterRoles, Roles and their bindings.</summary>
    public static IReadOnlyList<object> Rbac() => Load("rbac.yaml");

    /// <summary>Service echo and Deployment echo.</summary>
    public static (V1Service Service, V1Deployment Deployment) Echo()
    {
        var objects = Load("echo.yaml");
        return (objects.OfType<V1Service>().Single(), objects.OfType<V1Deployment>().Single());
    }

    public static V1Deployment Operator() => Load("lvs-operator.yaml").OfType<V1Deployment>().Single();

    public static V1DaemonSet Agent() => Load("lvs-agent.yaml").OfType<V1DaemonSet>().Single();

    private static List<object> Load(string name)
    {
        using var stream = typeof(ClusterManifests).Assembly.GetManifestResourceStream($"LvsOperator.Sandbox.Cluster.Manifests.{name}")
            ?? throw new InvalidOperationException($"manifest {name} is not embedded in {typeof(ClusterManifests).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return KubernetesYaml.LoadAllFromString(reader.ReadToEnd());
    }
}
