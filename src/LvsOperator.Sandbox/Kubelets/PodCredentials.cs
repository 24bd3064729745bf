namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// A pod's ServiceAccount credentials on disk, what a real kubelet projects into
/// /var/run/secrets/kubernetes.io/serviceaccount (token, ca.crt, namespace), plus a kubeconfig with the same token
/// for clients that read KUBECONFIG. The directory is private to root and removed with the pod.
/// </summary>
internal sealed class PodCredentials : IDisposable
{
    /// <summary>Where in-cluster clients look for them (KubernetesClientConfiguration.InClusterConfig, client-go's rest.InClusterConfig).</summary>
    public const string MountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    private PodCredentials(string directory) => Directory = directory;

    /// <summary>The pod's directory; <see cref="ServiceAccountDirectory"/> and <see cref="KubeconfigPath"/> are inside it.</summary>
    public string Directory { get; }

    public string ServiceAccountDirectory => Path.Combine(Directory, "serviceaccount");

    public string KubeconfigPath => Path.Combine(Directory, "kubeconfig");

    public static PodCredentials Write(string root, string podNamespace, string podName, string token, string caPem, string kubeconfig)
    {
        var credentials = new PodCredentials(Path.Combine(root, $"{podNamespace}_{podName}"));
        CreatePrivate(root);
        CreatePrivate(credentials.Directory);
        CreatePrivate(credentials.ServiceAccountDirectory);
        File.WriteAllText(Path.Combine(credentials.ServiceAccountDirectory, "token"), token);
        File.WriteAllText(Path.Combine(credentials.ServiceAccountDirectory, "ca.crt"), caPem);
        File.WriteAllText(Path.Combine(credentials.ServiceAccountDirectory, "namespace"), podNamespace);
        File.WriteAllText(credentials.KubeconfigPath, kubeconfig);
        return credentials;
    }

    private static void CreatePrivate(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
