namespace LvsOperator.Kubernetes.Status;

/// <summary>How a status write ended, and the object as the server has it afterwards (null when not found).</summary>
public sealed record StatusWriteResult<T>(StatusWriteOutcome Outcome, T? Object)
    where T : class;
