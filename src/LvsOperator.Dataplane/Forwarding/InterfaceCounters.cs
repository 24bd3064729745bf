namespace LvsOperator.Dataplane.Forwarding;

/// <summary>Per-interface traffic seen by the forwarder. Written by the forwarder thread only; read by anyone.</summary>
public sealed class InterfaceCounters(int interfaceIndex)
{
    public int InterfaceIndex { get; } = interfaceIndex;

    public long RxFrames { get => Volatile.Read(ref _rxFrames); internal set => Volatile.Write(ref _rxFrames, value); }

    public long RxBytes { get => Volatile.Read(ref _rxBytes); internal set => Volatile.Write(ref _rxBytes, value); }

    public long TxFrames { get => Volatile.Read(ref _txFrames); internal set => Volatile.Write(ref _txFrames, value); }

    public long TxBytes { get => Volatile.Read(ref _txBytes); internal set => Volatile.Write(ref _txBytes, value); }

    /// <summary>Frames the kernel refused on send (they are also counted as the SendFailed drop reason).</summary>
    public long TxErrors { get => Volatile.Read(ref _txErrors); internal set => Volatile.Write(ref _txErrors, value); }

    /// <summary>Frames lost because the receive ring was full (the loop fell behind).</summary>
    public long RxRingDrops { get => Volatile.Read(ref _rxRingDrops); internal set => Volatile.Write(ref _rxRingDrops, value); }

    private long _rxRingDrops;
    private long _rxFrames;
    private long _rxBytes;
    private long _txFrames;
    private long _txBytes;
    private long _txErrors;
}
