namespace LvsOperator.Kubernetes.Status;

public enum StatusWriteOutcome
{
    /// <summary>The status subresource was replaced.</summary>
    Written,

    /// <summary>The mutator changed nothing: no request was sent.</summary>
    Unchanged,

    /// <summary>The object does not exist (any more).</summary>
    NotFound,
}
