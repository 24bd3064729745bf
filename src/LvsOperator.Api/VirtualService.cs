using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace LvsOperator.Api;

/// <summary>
/// One load-balanced virtual service, like an <c>ipvsadm -A</c> entry: a VIP, its ports, a scheduler and the real
/// servers behind it (the pods of a Service, or static backends in standalone mode).
/// </summary>
[KubernetesEntity(Group = VirtualServiceApi.Group, ApiVersion = VirtualServiceApi.Version, Kind = VirtualServiceApi.Kind, PluralName = VirtualServiceApi.Plural)]
public sealed class VirtualService : IKubernetesObject<V1ObjectMeta>, ISpec<VirtualServiceSpec>, IStatus<VirtualServiceStatus?>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = VirtualServiceApi.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = VirtualServiceApi.Kind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public VirtualServiceSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public VirtualServiceStatus? Status { get; set; }

    /// <summary>namespace/name, the key used by work queues and logs.</summary>
    public string Key() => $"{Metadata.NamespaceProperty ?? "default"}/{Metadata.Name}";
}
