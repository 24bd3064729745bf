using k8s;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.Operator.Hosting;

/// <summary>
/// Where the operator finds its API server, in controller-runtime's order: --kubeconfig FILE; else the first existing
/// file in KUBECONFIG; else the pod's in-cluster config; else ~/.kube/config. Anything unusable is a clear
/// <see cref="InvalidOperationException"/> at start rather than a retry loop against nothing.
/// </summary>
internal static class ClusterConfig
{
    public const string KubeconfigVariable = "KUBECONFIG";

    public static KubernetesClientConfiguration Resolve(string? kubeconfig, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrEmpty(kubeconfig))
        {
            return FromFile(kubeconfig, "--kubeconfig");
        }

        if (environment(KubeconfigVariable) is { Length: > 0 } paths)
        {
            foreach (var path in paths.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                if (File.Exists(path))
                {
                    return FromFile(path, KubeconfigVariable);
                }
            }

            throw new InvalidOperationException($"{KubeconfigVariable}={paths} names no existing file");
        }

        if (ClusterConnection.InCluster)
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        return File.Exists(home)
            ? FromFile(home, "~/.kube/config")
            : throw new InvalidOperationException(
                $"no API server to talk to: pass --kubeconfig FILE, set {KubeconfigVariable}, or run in a pod with a ServiceAccount");
    }

    private static KubernetesClientConfiguration FromFile(string path, string source)
    {
        try
        {
            return ClusterConnection.Configuration(path);
        }
        catch (Exception e) when (e is not InvalidOperationException)
        {
            throw new InvalidOperationException($"kubeconfig {path} (from {source}) is unusable: {e.Message}", e);
        }
    }
}
