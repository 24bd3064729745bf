namespace LvsOperator.Sandbox.Workloads;

/// <summary>How a <see cref="PacedTransfer"/> ended: who served it, the bytes that arrived, the offset of the first wrong one (-1: none).</summary>
public sealed record TransferOutcome(ServedBy ServedBy, long Bytes, long FirstWrongOffset);
