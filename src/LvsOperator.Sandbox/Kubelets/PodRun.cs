using System.Globalization;
using k8s;
using k8s.Autorest;
using k8s.Models;
using LvsOperator.Sandbox.Cluster;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// What the kubelet made for one pod: its network, its ServiceAccount credentials, and its containers — or, for a
/// container it cannot create (unknown image, missing program, bad env, missing ServiceAccount), a waiting status
/// that says why. Disposing stops nothing: containers are stopped by the worker; it removes the network and files.
/// </summary>
internal sealed class PodRun : IDisposable
{
    private PodRun(PodNetwork network, PodCredentials? credentials, List<IPodContainer> containers, List<V1ContainerStatus> notStarted)
    {
        Network = network;
        Credentials = credentials;
        Containers = containers;
        NotStarted = notStarted;
    }

    public PodNetwork Network { get; }

    public PodCredentials? Credentials { get; }

    public IReadOnlyList<IPodContainer> Containers { get; }

    public IReadOnlyList<V1ContainerStatus> NotStarted { get; }

    public static async Task<PodRun> CreateAsync(KubeletRuntime runtime, ClusterNode node, PodAddressPool pool, Prober prober, V1Pod pod, Action changed, CancellationToken cancellationToken)
    {
        var meta = pod.Metadata;
        var network = pod.Spec.HostNetwork == true
            ? PodNetwork.HostNetwork(runtime.Namespaces, node)
            : await Task.Run(() => PodNetwork.Create(runtime.Namespaces, node, pool, meta.NamespaceProperty, meta.Name, meta.Uid), cancellationToken);
        var containers = new List<IPodContainer>();
        var notStarted = new List<V1ContainerStatus>();
        PodCredentials? credentials = null;
        try
        {
            var needsProcess = pod.Spec.Containers.Any(c => runtime.Images.Find(c.Image) is not { IsEcho: true });
            var accountError = needsProcess ? await ServiceAccountErrorAsync(runtime, pod, cancellationToken) : null;
            if (needsProcess && accountError is null && pod.Spec.AutomountServiceAccountToken != false)
            {
                credentials = WriteCredentials(runtime, pod);
            }

            var fields = new PodFieldValues(pod, network.Address, node.Address);
            var first = InClusterVariables(credentials, pod.Spec.HostNetwork == true ? node.Name : meta.Name);
            foreach (var container in pod.Spec.Containers)
            {
                try
                {
                    if (accountError is not null && runtime.Images.Find(container.Image) is not { IsEcho: true })
                    {
                        throw new ContainerConfigException("CreateContainerConfigError", accountError);
                    }

                    containers.Add(await CreateContainerAsync(runtime, pod, container, network, credentials, prober, fields, first, changed, cancellationToken));
                }
                catch (ContainerConfigException e)
                {
                    notStarted.Add(PodStatusReport.Waiting(container, e.Reason, e.Message));
                }
            }

            return new PodRun(network, credentials, containers, notStarted);
        }
        catch
        {
            credentials?.Dispose();
            network.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Credentials?.Dispose();
        Network.Dispose();
    }

    private static async Task<IPodContainer> CreateContainerAsync(
        KubeletRuntime runtime, V1Pod pod, V1Container container, PodNetwork network, PodCredentials? credentials, Prober prober,
        PodFieldValues fields, Dictionary<string, string> first, Action changed, CancellationToken cancellationToken)
    {
        var image = runtime.Images.Find(container.Image)
            ?? throw new ContainerConfigException("ErrImageNeverPull", $"image {container.Image} is not known to the sandbox (it has no registry); map it to a dll with --image {container.Image}=FILE");
        if (image.IsEcho)
        {
            return new EchoContainer(container, pod.Metadata.Name, network.NetworkNamespace, runtime.Time, changed);
        }

        if (!File.Exists(image.EntryPoint))
        {
            throw new ContainerConfigException("ErrImageNeverPull", $"image {container.Image} runs {image.EntryPoint}, which does not exist: build it or map the image to another dll with --image {container.Image}=FILE");
        }

        var env = await ContainerEnvironment.BuildAsync(pod, container, fields, first, runtime.Client, cancellationToken);
        var command = ContainerLaunch.Command(container, image, network.NetworkNamespace, credentials, env);
        var log = PodLog.For(runtime.Options, pod.Metadata.NamespaceProperty, pod.Metadata.Name, container.Name);
        var probing = new ContainerProbing(container, prober, network.NetworkNamespace, network.Address);
        return new ProcessContainer(container, pod.Spec.RestartPolicy ?? "Always", command, probing, log, runtime.Options, runtime.Time, changed);
    }

    /// <summary>The variables every container of a real cluster starts with, and KUBECONFIG for clients that read it first.</summary>
    private static Dictionary<string, string> InClusterVariables(PodCredentials? credentials, string hostname)
    {
        var port = ClusterAddresses.ApiServerPort.ToString(CultureInfo.InvariantCulture);
        var host = ClusterAddresses.ApiServer.ToString();
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOSTNAME"] = hostname,
            ["KUBERNETES_SERVICE_HOST"] = host,
            ["KUBERNETES_SERVICE_PORT"] = port,
            ["KUBERNETES_SERVICE_PORT_HTTPS"] = port,
            ["KUBERNETES_PORT"] = $"tcp://{host}:{port}",
        };
        if (credentials is not null)
        {
            env["KUBECONFIG"] = credentials.KubeconfigPath;
        }

        return env;
    }

    private static PodCredentials WriteCredentials(KubeletRuntime runtime, V1Pod pod)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var account = pod.Spec.ServiceAccountName ?? "default";
        var token = runtime.IssueToken(ns, account);
        var kubeconfig = ApiServer.Kubeconfig.Render(runtime.InClusterServer, runtime.CertificateAuthorityPem, token, $"system:serviceaccount:{ns}:{account}", ns);
        return PodCredentials.Write(runtime.Options.CredentialsDirectory, ns, pod.Metadata.Name, token, runtime.CertificateAuthorityPem, kubeconfig);
    }

    private static async Task<string?> ServiceAccountErrorAsync(KubeletRuntime runtime, V1Pod pod, CancellationToken cancellationToken)
    {
        var account = pod.Spec.ServiceAccountName ?? "default";
        try
        {
            await runtime.Client.CoreV1.ReadNamespacedServiceAccountAsync(account, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            return null;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return $"serviceaccount {pod.Metadata.NamespaceProperty}/{account} not found";
        }
    }
}
