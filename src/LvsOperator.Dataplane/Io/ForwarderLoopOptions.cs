namespace LvsOperator.Dataplane.Io;

public sealed class ForwarderLoopOptions
{
    /// <summary>How often the tick hook (connection expiry) runs; also the longest the loop sleeps in poll().</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Frames per sendmmsg per egress interface; a fuller batch is flushed early.</summary>
    public int TransmitBatchSize { get; set; } = 256;

    /// <summary>Blocks taken from one socket before the others get a turn, so one busy interface cannot starve them.</summary>
    public int BlocksPerTurn { get; set; } = 4;
}
