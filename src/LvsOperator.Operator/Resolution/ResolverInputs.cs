using k8s.Models;
using LvsOperator.Api;

namespace LvsOperator.Operator.Resolution;

/// <summary>
/// Everything besides the VirtualService itself that its status depends on, read from the informers' caches: the
/// Service it names (null when absent), that Service's EndpointSlices, the VirtualServices that may share its VIP
/// keys, every Node, and the agents' heartbeats.
/// </summary>
internal sealed record ResolverInputs(
    V1Service? Service,
    IReadOnlyList<V1EndpointSlice> Slices,
    IReadOnlyList<VirtualService> Peers,
    IReadOnlyCollection<V1Node> Nodes,
    IAgentLiveness Agents);
