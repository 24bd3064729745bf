using System.Text;
using k8s;
using k8s.Models;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// A container's environment as the kubelet builds it: the API server's in-cluster variables first
/// (KUBERNETES_SERVICE_HOST/PORT), then the container's env in order — literal values with $(VAR) expansion, the
/// downward API (fieldRef), and keys of ConfigMaps and Secrets in the pod's namespace. envFrom and resourceFieldRef
/// are not supported and say so.
/// </summary>
internal static class ContainerEnvironment
{
    public static async Task<Dictionary<string, string>> BuildAsync(
        V1Pod pod, V1Container container, PodFieldValues fields, IReadOnlyDictionary<string, string> first, IKubernetes client, CancellationToken cancellationToken)
    {
        if (container.EnvFrom is { Count: > 0 })
        {
            throw new ContainerConfigException("CreateContainerConfigError", $"container {container.Name}: envFrom is not supported by the sandbox's kubelet");
        }

        var env = new Dictionary<string, string>(first, StringComparer.Ordinal);
        foreach (var variable in container.Env ?? [])
        {
            env[variable.Name] = variable.ValueFrom switch
            {
                null => VariableExpansion.Expand(variable.Value ?? string.Empty, env),
                { FieldRef: { } field } => fields.Resolve(field.FieldPath)
                    ?? throw new ContainerConfigException("CreateContainerConfigError", $"container {container.Name}: env {variable.Name}: unsupported fieldPath {field.FieldPath}"),
                { ConfigMapKeyRef: { } key } => await ConfigMapValueAsync(client, pod.Metadata.NamespaceProperty, key, cancellationToken)
                    ?? throw Missing(container, variable, $"configmap {key.Name} has no key {key.Key}"),
                { SecretKeyRef: { } key } => await SecretValueAsync(client, pod.Metadata.NamespaceProperty, key, cancellationToken)
                    ?? throw Missing(container, variable, $"secret {key.Name} has no key {key.Key}"),
                _ => throw new ContainerConfigException("CreateContainerConfigError", $"container {container.Name}: env {variable.Name}: only value, fieldRef, configMapKeyRef and secretKeyRef are supported"),
            };
        }

        return env;
    }

    private static ContainerConfigException Missing(V1Container container, V1EnvVar variable, string what) =>
        new("CreateContainerConfigError", $"container {container.Name}: env {variable.Name}: {what}");

    private static async Task<string?> ConfigMapValueAsync(IKubernetes client, string ns, V1ConfigMapKeySelector key, CancellationToken cancellationToken)
    {
        var map = await ReadOrNullAsync(() => client.CoreV1.ReadNamespacedConfigMapAsync(key.Name, ns, cancellationToken: cancellationToken));
        return map?.Data?.TryGetValue(key.Key, out var value) == true ? value : key.Optional == true ? string.Empty : null;
    }

    private static async Task<string?> SecretValueAsync(IKubernetes client, string ns, V1SecretKeySelector key, CancellationToken cancellationToken)
    {
        var secret = await ReadOrNullAsync(() => client.CoreV1.ReadNamespacedSecretAsync(key.Name, ns, cancellationToken: cancellationToken));
        return secret?.Data?.TryGetValue(key.Key, out var value) == true ? Encoding.UTF8.GetString(value) : key.Optional == true ? string.Empty : null;
    }

    private static async Task<T?> ReadOrNullAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
