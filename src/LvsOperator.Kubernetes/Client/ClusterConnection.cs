using k8s;

namespace LvsOperator.Kubernetes.Client;

/// <summary>How a process reaches its API server: a kubeconfig file when one is named, else the pod's in-cluster config.</summary>
public static class ClusterConnection
{
    /// <summary>True inside a pod: KUBERNETES_SERVICE_HOST/PORT are set and the ServiceAccount token is mounted.</summary>
    public static bool InCluster => KubernetesClientConfiguration.IsInCluster();

    /// <exception cref="InvalidOperationException">No kubeconfig was named and the process does not run in a pod.</exception>
    public static KubernetesClientConfiguration Configuration(string? kubeconfigPath)
    {
        if (!string.IsNullOrEmpty(kubeconfigPath))
        {
            if (!File.Exists(kubeconfigPath))
            {
                throw new InvalidOperationException($"kubeconfig {kubeconfigPath} does not exist");
            }

            return KubernetesClientConfiguration.BuildConfigFromConfigFile(new FileInfo(kubeconfigPath));
        }

        if (InCluster)
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        throw new InvalidOperationException(
            "no kubeconfig given and not running in a pod (KUBERNETES_SERVICE_HOST is unset): pass --kubeconfig FILE");
    }

    public static IKubernetes Create(string? kubeconfigPath) => new k8s.Kubernetes(Configuration(kubeconfigPath));
}
