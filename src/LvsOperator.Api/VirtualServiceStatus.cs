using System.Text.Json.Serialization;
using k8s.Models;

namespace LvsOperator.Api;

public sealed class VirtualServiceStatus
{
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    /// <summary>
    /// Names the current <see cref="Backends"/> list: 8 hex digits of a hash over it, changed exactly when the list
    /// changes. Agents report the revision they programmed, so "programmed" means this list, not an older one.
    /// </summary>
    [JsonPropertyName("backendsRevision")]
    public string? BackendsRevision { get; set; }

    /// <summary>The real servers the operator resolved; what every agent programs.</summary>
    [JsonPropertyName("backends")]
    public IList<BackendStatus>? Backends { get; set; }

    /// <summary>The node whose agent holds the VIP (answers ARP for it), copied by the operator from <see cref="Directors"/>.</summary>
    [JsonPropertyName("activeDirector")]
    public string? ActiveDirector { get; set; }

    /// <summary>One entry per agent that directs this VIP, each with its own conditions (like Gateway API's parents).</summary>
    [JsonPropertyName("directors")]
    public IList<DirectorStatus>? Directors { get; set; }

    [JsonPropertyName("conditions")]
    public IList<V1Condition>? Conditions { get; set; }
}
