using LvsOperator.Operator.Resolution;

namespace LvsOperator.Operator.Tests.TestSupport;

/// <summary>Agent liveness from a table: nodes not listed have never been seen (not live, not lapsed, not gone).</summary>
internal sealed class Agents : IAgentLiveness
{
    private readonly Dictionary<string, AgentStatus> _nodes = new(StringComparer.Ordinal);

    public static AgentStatus Live { get; } = new(true, false, false);

    public static AgentStatus Lapsed { get; } = new(false, true, false);

    public static AgentStatus Gone { get; } = new(false, true, true);

    public Agents With(string node, AgentStatus status)
    {
        _nodes[node] = status;
        return this;
    }

    public AgentStatus Of(string nodeName) => _nodes.GetValueOrDefault(nodeName);
}
