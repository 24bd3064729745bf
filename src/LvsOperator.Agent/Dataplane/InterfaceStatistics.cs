namespace LvsOperator.Agent.Dataplane;

/// <summary>Frames and bytes the forwarder received and sent on one interface, and frames the kernel dropped before the forwarder saw them.</summary>
internal sealed record InterfaceStatistics(string Name, long RxFrames, long RxBytes, long TxFrames, long TxBytes, long TxErrors, long RxDrops);
