namespace LvsOperator.Dataplane.Forwarding;

public sealed class ForwarderLoopOptions
{
    /// <summary>How often the tick hook (connection expiry) runs; also the longest the loop sleeps in poll().</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Frames per sendmmsg per egress interface; a fuller batch is flushed early.</summary>
    public int TransmitBatchSize { get; set; } = 256;

    /// <summary>Blocks taken from one socket before the others get a turn, so one busy interface cannot starve them.</summary>
    public int BlocksPerTurn { get; set; } = 4;

    /// <summary>Frames held at once while their next hop is resolved (the kernel's unres_qlen, shared by all neighbours).</summary>
    public int NeighbourQueueCapacity { get; set; } = 64;

    /// <summary>How long a held frame waits for its next hop before it is dropped as NeighbourUnresolved.</summary>
    public TimeSpan NeighbourHoldTime { get; set; } = TimeSpan.FromSeconds(1);
}
