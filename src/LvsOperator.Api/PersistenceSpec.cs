using System.Text.Json.Serialization;

namespace LvsOperator.Api;

/// <summary>Source-address affinity like <c>ipvsadm -p TIMEOUT -M NETMASK</c>: a client keeps its real server while it returns within the timeout.</summary>
public sealed class PersistenceSpec
{
    /// <summary>0 disables persistence.</summary>
    [JsonPropertyName("timeoutSeconds")]
    public int TimeoutSeconds { get; set; }

    /// <summary>Clients whose addresses agree under this mask share one real server. Default 255.255.255.255.</summary>
    [JsonPropertyName("netmask")]
    public string? Netmask { get; set; }
}
