using System.Text.Json.Serialization;
using k8s.Models;

namespace LvsOperator.Api;

public sealed class VirtualServiceStatus
{
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    /// <summary>The real servers the operator resolved; what every agent programs.</summary>
    [JsonPropertyName("backends")]
    public IList<BackendStatus>? Backends { get; set; }

    /// <summary>One entry per agent that directs this VIP, each with its own conditions (like Gateway API's parents).</summary>
    [JsonPropertyName("directors")]
    public IList<DirectorStatus>? Directors { get; set; }

    [JsonPropertyName("conditions")]
    public IList<V1Condition>? Conditions { get; set; }
}
