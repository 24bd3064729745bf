using k8s;
using k8s.Models;
using LvsOperator.Api;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.Agent.Kubernetes;

/// <summary>
/// The API the agent uses: what its ServiceAccount may read and write (README: RBAC). Tests wrap parts of it.
/// Disposing closes the client.
/// </summary>
internal sealed record ClusterClients(
    IKubernetes Api,
    IResourceClient<VirtualService> VirtualServices,
    IResourceReader<V1Node> Nodes,
    IResourceClient<V1Lease> Leases) : IDisposable
{
    public static ClusterClients From(IKubernetes api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return new(api, ResourceClients.VirtualServices(api), ResourceClients.Nodes(api), ResourceClients.Leases(api));
    }

    public void Dispose() => Api.Dispose();
}
