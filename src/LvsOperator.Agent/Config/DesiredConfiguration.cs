using LvsOperator.Dataplane.Services;

namespace LvsOperator.Agent.Config;

/// <summary>The data plane's desired services, and which VirtualService (and port) each came from, for the views.</summary>
internal sealed record DesiredConfiguration(IReadOnlyList<VirtualServerSpec> Specs, IReadOnlyDictionary<VirtualServiceKey, string> Owners)
{
    public static DesiredConfiguration Empty { get; } = new([], new Dictionary<VirtualServiceKey, string>());
}
