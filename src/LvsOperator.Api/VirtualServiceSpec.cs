using System.Text.Json.Serialization;
using YamlDotNet.Serialization;

namespace LvsOperator.Api;

/// <remarks>Derived properties carry [YamlIgnore] as well as [JsonIgnore]: KubernetesYaml writes every readable property.</remarks>
public sealed class VirtualServiceSpec
{
    /// <summary>The virtual IPv4 address clients connect to; the director answers ARP for it.</summary>
    [JsonPropertyName("vip")]
    public string Vip { get; set; } = "";

    [JsonPropertyName("ports")]
    public IList<VirtualServicePort> Ports { get; set; } = [];

    /// <summary>A Service in the same namespace whose ready endpoints are the real servers.</summary>
    [JsonPropertyName("service")]
    public string? Service { get; set; }

    /// <summary>Static real servers, for standalone mode or servers outside the cluster. Exclusive with <see cref="Service"/>.</summary>
    [JsonPropertyName("backends")]
    public IList<StaticBackend>? Backends { get; set; }

    /// <summary>ipvsadm scheduler name: maglev (default), rr, wrr, lc, wlc, sh.</summary>
    [JsonPropertyName("scheduler")]
    public string? Scheduler { get; set; }

    [JsonPropertyName("persistence")]
    public PersistenceSpec? Persistence { get; set; }

    /// <summary>Labels a node must carry for its agent to direct this VIP. Empty: every agent.</summary>
    [JsonPropertyName("nodeSelector")]
    public IDictionary<string, string>? NodeSelector { get; set; }

    /// <summary>Whether the real servers come from a Service (an empty name counts as none).</summary>
    [JsonIgnore]
    [YamlIgnore]
    public bool HasService => !string.IsNullOrEmpty(Service);

    [JsonIgnore]
    [YamlIgnore]
    public string EffectiveScheduler => string.IsNullOrEmpty(Scheduler) ? SchedulerNames.Default : Scheduler;
}
