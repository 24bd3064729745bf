using System.Text.Json.Serialization;
using k8s.Models;

namespace LvsOperator.Api;

/// <summary>What one agent reports about this virtual service on its node.</summary>
public sealed class DirectorStatus
{
    [JsonPropertyName("nodeName")]
    public string NodeName { get; set; } = "";

    /// <summary>Whether this agent holds the VIP's Lease: it answers ARP for the VIP and forwards its traffic.</summary>
    [JsonPropertyName("holdsVip")]
    public bool HoldsVip { get; set; }

    /// <summary>The <see cref="VirtualServiceStatus.BackendsRevision"/> this agent has in its forwarder.</summary>
    [JsonPropertyName("programmedRevision")]
    public string? ProgrammedRevision { get; set; }

    [JsonPropertyName("conditions")]
    public IList<V1Condition>? Conditions { get; set; }
}
