using System.Text.Json.Serialization;

namespace LvsOperator.Api;

/// <summary>A real server named by address, for VirtualServices that do not select a Service.</summary>
public sealed class StaticBackend
{
    [JsonPropertyName("ip")]
    public string Ip { get; set; } = "";

    /// <summary>The real server's port. Defaults to the port's targetPort (or port); only allowed when the service has one port.</summary>
    [JsonPropertyName("port")]
    public int? Port { get; set; }

    /// <summary>Scheduling weight; 0 quiesces the server (it keeps its connections and gets no new ones). Default 1.</summary>
    [JsonPropertyName("weight")]
    public int? Weight { get; set; }
}
