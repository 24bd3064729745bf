using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace LvsOperator.Api;

[KubernetesEntity(Group = VirtualServiceApi.Group, ApiVersion = VirtualServiceApi.Version, Kind = VirtualServiceApi.ListKind, PluralName = VirtualServiceApi.Plural)]
public sealed class VirtualServiceList : IKubernetesObject<V1ListMeta>, IItems<VirtualService>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = VirtualServiceApi.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = VirtualServiceApi.ListKind;

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<VirtualService> Items { get; set; } = [];
}
