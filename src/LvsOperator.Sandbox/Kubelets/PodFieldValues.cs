using System.Net;
using k8s.Models;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>The downward API's fieldRef paths for one pod, with the addresses the kubelet has given it.</summary>
internal sealed class PodFieldValues(V1Pod pod, IPAddress podIp, IPAddress hostIp)
{
    public string? Resolve(string path)
    {
        var meta = pod.Metadata;
        return path switch
        {
            "metadata.name" => meta.Name,
            "metadata.namespace" => meta.NamespaceProperty,
            "metadata.uid" => meta.Uid,
            "spec.nodeName" => pod.Spec.NodeName,
            "spec.serviceAccountName" => pod.Spec.ServiceAccountName ?? "default",
            "status.podIP" or "status.podIPs" => podIp.ToString(),
            "status.hostIP" or "status.hostIPs" => hostIp.ToString(),
            _ when Subscript(path, "metadata.labels") is { } key => meta.Labels?.TryGetValue(key, out var label) == true ? label : string.Empty,
            _ when Subscript(path, "metadata.annotations") is { } key => meta.Annotations?.TryGetValue(key, out var note) == true ? note : string.Empty,
            _ => null,
        };
    }

    /// <summary>"metadata.labels['app']" → "app".</summary>
    private static string? Subscript(string path, string map) =>
        path.StartsWith(map + "['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal) ? path[(map.Length + 2)..^2] : null;
}
