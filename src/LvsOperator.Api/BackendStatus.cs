using System.Text.Json.Serialization;

namespace LvsOperator.Api;

/// <summary>A resolved real server for one port of the virtual service.</summary>
public sealed class BackendStatus
{
    [JsonPropertyName("ip")]
    public string Ip { get; set; } = "";

    [JsonPropertyName("port")]
    public int Port { get; set; }

    /// <summary>The name of the VirtualService port this backend serves (empty for a single unnamed port).</summary>
    [JsonPropertyName("portName")]
    public string? PortName { get; set; }

    [JsonPropertyName("nodeName")]
    public string? NodeName { get; set; }

    [JsonPropertyName("weight")]
    public int Weight { get; set; } = 1;

    /// <summary><see cref="BackendStates.Active"/> or <see cref="BackendStates.Draining"/> (terminating or not ready: weight 0).</summary>
    [JsonPropertyName("state")]
    public string State { get; set; } = BackendStates.Active;
}
