using System.Globalization;
using k8s;
using k8s.Models;
using LvsOperator.Api.Crd;

namespace LvsOperator.Sandbox.Cluster;

/// <summary>
/// Registers what a real cluster would have before anyone deploys: the Nodes (as their kubelets would, with labels,
/// pod CIDRs, InternalIP and a Ready condition), the VirtualService CRD, lvs-system with the operator's and agents'
/// ServiceAccounts and RBAC; then the workloads: Service and Deployment echo, and (unless left out) Deployment
/// lvs-operator and DaemonSet lvs-agent, all through the API as kubectl apply would.
/// </summary>
internal static class ClusterSeed
{
    public const string DirectorLabel = "lvs-operator.dev/director";

    public static async Task ApplyAsync(IKubernetes client, ClusterTopology topology, SandboxClusterOptions options, CancellationToken cancellationToken)
    {
        foreach (var node in topology.Nodes)
        {
            await client.CoreV1.CreateNodeAsync(Node(node), cancellationToken: cancellationToken);
        }

        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(VirtualServiceCrd.Build(), cancellationToken: cancellationToken);
        foreach (var obj in ClusterManifests.Rbac())
        {
            await CreateAsync(client, obj, cancellationToken);
        }

        var grace = (long)options.GracePeriod.TotalSeconds;
        var (service, echo) = ClusterManifests.Echo();
        echo.Spec.Replicas = options.EchoReplicas ?? 2 * topology.Nodes.Count;
        echo.Spec.Template.Spec.TerminationGracePeriodSeconds = grace;
        await client.CoreV1.CreateNamespacedServiceAsync(service, service.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        await client.AppsV1.CreateNamespacedDeploymentAsync(echo, echo.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        if (options.DeployOperator)
        {
            var deployment = ClusterManifests.Operator();
            await client.AppsV1.CreateNamespacedDeploymentAsync(deployment, deployment.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }

        if (options.DeployAgents)
        {
            var daemonSet = ClusterManifests.Agent();
            await client.AppsV1.CreateNamespacedDaemonSetAsync(daemonSet, daemonSet.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
    }

    private static V1Node Node(ClusterNode node)
    {
        var now = DateTime.UtcNow;
        return new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta
            {
                Name = node.Name,
                Labels = new Dictionary<string, string>
                {
                    ["kubernetes.io/hostname"] = node.Name,
                    ["kubernetes.io/os"] = "linux",
                    ["kubernetes.io/arch"] = "amd64",
                    [DirectorLabel] = "true",
                },
            },
            Spec = new V1NodeSpec { PodCIDR = node.PodCidr, PodCIDRs = [node.PodCidr] },
            Status = new V1NodeStatus
            {
                Addresses =
                [
                    new V1NodeAddress { Type = "InternalIP", Address = node.Address.ToString() },
                    new V1NodeAddress { Type = "Hostname", Address = node.Name },
                ],
                Conditions =
                [
                    new V1NodeCondition
                    {
                        Type = "Ready", Status = "True", Reason = "KubeletReady", Message = "the sandbox's kubelet is posting ready status",
                        LastHeartbeatTime = now, LastTransitionTime = now,
                    },
                ],
                Capacity = new Dictionary<string, ResourceQuantity> { ["pods"] = new(ClusterAddresses.MaxPodsPerNode.ToString(CultureInfo.InvariantCulture)) },
                Allocatable = new Dictionary<string, ResourceQuantity> { ["pods"] = new(ClusterAddresses.MaxPodsPerNode.ToString(CultureInfo.InvariantCulture)) },
                NodeInfo = new V1NodeSystemInfo
                {
                    Architecture = "amd64",
                    OperatingSystem = "linux",
                    KubeletVersion = "v1.32.0-lvs-sandbox",
                    KubeProxyVersion = string.Empty,
                    ContainerRuntimeVersion = "lvs-sandbox://processes",
                    KernelVersion = Environment.OSVersion.Version.ToString(),
                    OsImage = "LvsOperator sandbox",
                    MachineID = node.Name,
                    SystemUUID = node.Name,
                    BootID = node.Name,
                },
            },
        };
    }

    private static Task CreateAsync(IKubernetes client, object obj, CancellationToken cancellationToken) => obj switch
    {
        V1Namespace ns => client.CoreV1.CreateNamespaceAsync(ns, cancellationToken: cancellationToken),
        V1ServiceAccount sa => client.CoreV1.CreateNamespacedServiceAccountAsync(sa, sa.Metadata.NamespaceProperty, cancellationToken: cancellationToken),
        V1ClusterRole role => client.RbacAuthorizationV1.CreateClusterRoleAsync(role, cancellationToken: cancellationToken),
        V1ClusterRoleBinding binding => client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(binding, cancellationToken: cancellationToken),
        V1Role role => client.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, role.Metadata.NamespaceProperty, cancellationToken: cancellationToken),
        V1RoleBinding binding => client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(binding, binding.Metadata.NamespaceProperty, cancellationToken: cancellationToken),
        _ => throw new InvalidOperationException($"the sandbox does not create {obj.GetType().Name} objects from its manifests"),
    };
}
