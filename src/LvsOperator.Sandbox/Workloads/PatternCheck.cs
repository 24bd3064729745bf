namespace LvsOperator.Sandbox.Workloads;

/// <summary>The receiving end of a <see cref="TransferPattern"/> transfer: counts what came and remembers the first wrong byte.</summary>
internal sealed class PatternCheck
{
    public long Received { get; private set; }

    /// <summary>The offset of the first byte that was not the pattern; -1 while every one was.</summary>
    public long FirstWrongOffset { get; private set; } = -1;

    public void Add(ReadOnlySpan<byte> data)
    {
        if (FirstWrongOffset < 0 && TransferPattern.FirstMismatch(data, Received) is var mismatch and >= 0)
        {
            FirstWrongOffset = Received + mismatch;
        }

        Received += data.Length;
    }
}
