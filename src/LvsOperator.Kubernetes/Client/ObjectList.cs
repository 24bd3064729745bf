using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace LvsOperator.Kubernetes.Client;

/// <summary>The wire shape of any LIST response, so one generic client can read lists of every group's kinds.</summary>
internal sealed class ObjectList<T> : IKubernetesObject<V1ListMeta>, IItems<T>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<T> Items { get; set; } = [];
}
