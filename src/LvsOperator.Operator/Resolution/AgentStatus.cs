namespace LvsOperator.Operator.Resolution;

/// <summary>
/// What the operator knows of the agent on one node, from its heartbeat Lease <c>lvs-agent-&lt;node&gt;</c>.
/// </summary>
/// <param name="Live">The heartbeat is fresh: the agent counts as a director.</param>
/// <param name="Lapsed">A heartbeat Lease held by the node exists but is not fresh: the agent stopped without letting go.</param>
/// <param name="Gone">Not live for the gone-after period (30 s): its director entries are the operator's to remove.</param>
internal readonly record struct AgentStatus(bool Live, bool Lapsed, bool Gone);
