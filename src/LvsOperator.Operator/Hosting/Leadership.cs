namespace LvsOperator.Operator.Hosting;

/// <summary>Whether this replica is reconciling now (it leads, or runs without election), and who holds the leader Lease.</summary>
internal sealed class Leadership
{
    private volatile bool _leading;
    private volatile string? _holder;

    public bool Leading
    {
        get => _leading;
        set => _leading = value;
    }

    /// <summary>The leader Lease's holder as last seen; null before the first read or without election.</summary>
    public string? Holder
    {
        get => _holder;
        set => _holder = value;
    }
}
