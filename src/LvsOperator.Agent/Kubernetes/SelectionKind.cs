namespace LvsOperator.Agent.Kubernetes;

/// <summary>What this agent does with one VirtualService.</summary>
public enum SelectionKind
{
    /// <summary>It selects this node, the operator resolved its current generation, and it is valid: program it.</summary>
    Program,

    /// <summary>The operator has not resolved the current generation yet: keep what is programmed for it (if anything).</summary>
    Pending,

    /// <summary>Selected and resolved, but not valid (the spec or status.backends): not programmed, reported as failed.</summary>
    Invalid,

    /// <summary>Being deleted, not selecting this node, or not resolved: not programmed, and no entry of ours.</summary>
    Withdraw,
}
