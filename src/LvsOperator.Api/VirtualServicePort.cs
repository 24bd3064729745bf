using System.Globalization;
using System.Text.Json.Serialization;
using k8s.Models;
using YamlDotNet.Serialization;

namespace LvsOperator.Api;

public sealed class VirtualServicePort
{
    /// <summary>Port name; required when the service has more than one port, as for a Kubernetes Service.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("port")]
    public int Port { get; set; }

    /// <summary>TCP (default) or UDP.</summary>
    [JsonPropertyName("protocol")]
    public string? Protocol { get; set; }

    /// <summary>The real servers' port: a number, or the name of a port of the target Service's endpoints. Defaults to <see cref="Port"/>.</summary>
    [JsonPropertyName("targetPort")]
    public IntOrString? TargetPort { get; set; }

    /// <summary>The targetPort as a number, or null when it is unset or a port name.</summary>
    [JsonIgnore]
    [YamlIgnore]
    public int? NumericTargetPort =>
        TargetPort?.Value is { } value && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    [JsonIgnore]
    [YamlIgnore]
    public string EffectiveProtocol => string.IsNullOrEmpty(Protocol) ? "TCP" : Protocol;
}
