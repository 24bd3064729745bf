namespace LvsOperator.Operator.Resolution;

/// <summary>Asks after the agent of a node; the controller's heartbeat tracker answers, tests answer from a table.</summary>
internal interface IAgentLiveness
{
    AgentStatus Of(string nodeName);
}
