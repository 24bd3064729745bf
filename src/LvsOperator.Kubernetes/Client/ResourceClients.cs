using k8s;
using k8s.Models;
using LvsOperator.Api;

namespace LvsOperator.Kubernetes.Client;

/// <summary>The readers and clients of the kinds this project watches and writes.</summary>
public static class ResourceClients
{
    public static IResourceClient<VirtualService> VirtualServices(IKubernetes client) => Group<VirtualService>(client, namespaced: true);

    public static IResourceClient<V1EndpointSlice> EndpointSlices(IKubernetes client) => Group<V1EndpointSlice>(client, namespaced: true);

    public static IResourceClient<V1Lease> Leases(IKubernetes client) => Group<V1Lease>(client, namespaced: true);

    /// <summary>Any kind of a named API group, e.g. another custom resource; <typeparamref name="T"/> needs [KubernetesEntity].</summary>
    public static IResourceClient<T> Group<T>(IKubernetes client, bool namespaced)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        if (ResourceType.Of<T>().Group.Length == 0)
        {
            throw new ArgumentException($"{typeof(T).Name} is in the core group; use its own reader (Services, Nodes, Pods)");
        }

        return new GroupResourceClient<T>(client, namespaced);
    }

    public static IResourceReader<V1Service> Services(IKubernetes client) => new CoreResourceReader<V1Service, V1ServiceList>(
        namespaced: true,
        (s, limit, token, ct) => s.Namespace is null
            ? client.CoreV1.ListServiceForAllNamespacesAsync(continueParameter: token, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: limit, cancellationToken: ct)
            : client.CoreV1.ListNamespacedServiceAsync(s.Namespace, continueParameter: token, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: limit, cancellationToken: ct),
        (s, rv, timeout, onError, ct) => s.Namespace is null
            ? client.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)
            : client.CoreV1.WatchListNamespacedServiceAsync(s.Namespace, allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct),
        (ns, name, ct) => client.CoreV1.ReadNamespacedServiceAsync(name, ns, cancellationToken: ct));

    public static IResourceReader<V1Pod> Pods(IKubernetes client) => new CoreResourceReader<V1Pod, V1PodList>(
        namespaced: true,
        (s, limit, token, ct) => s.Namespace is null
            ? client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: token, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: limit, cancellationToken: ct)
            : client.CoreV1.ListNamespacedPodAsync(s.Namespace, continueParameter: token, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: limit, cancellationToken: ct),
        (s, rv, timeout, onError, ct) => s.Namespace is null
            ? client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)
            : client.CoreV1.WatchListNamespacedPodAsync(s.Namespace, allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct),
        (ns, name, ct) => client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: ct));

    /// <summary>Nodes are cluster-scoped: a selector's namespace is ignored.</summary>
    public static IResourceReader<V1Node> Nodes(IKubernetes client) => new CoreResourceReader<V1Node, V1NodeList>(
        namespaced: false,
        (s, limit, token, ct) => client.CoreV1.ListNodeAsync(continueParameter: token, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: limit, cancellationToken: ct),
        (s, rv, timeout, onError, ct) => client.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct),
        (_, name, ct) => client.CoreV1.ReadNodeAsync(name, cancellationToken: ct));
}
