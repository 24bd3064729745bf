using System.Text.Json.Serialization;
using k8s.Models;

namespace LvsOperator.Api;

/// <summary>What one agent reports about this virtual service on its node.</summary>
public sealed class DirectorStatus
{
    [JsonPropertyName("nodeName")]
    public string NodeName { get; set; } = "";

    [JsonPropertyName("conditions")]
    public IList<V1Condition>? Conditions { get; set; }
}
