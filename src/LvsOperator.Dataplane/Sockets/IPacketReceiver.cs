namespace LvsOperator.Dataplane.Sockets;

/// <summary>
/// How received frames are taken off a <see cref="PacketSocket"/>, a block at a time: one sealed class per
/// <see cref="ReceiveMode"/> (<see cref="RecvmmsgReceiver"/>, <see cref="RingReceiver"/>), each owning its memory.
/// The forwarder makes one call per block; the frames in it are walked through the <see cref="RxBlock"/> struct, so
/// nothing per frame is a virtual call. Created, owned and disposed by its socket; used by one thread.
/// </summary>
public interface IPacketReceiver : IDisposable
{
    /// <summary>
    /// Recvmmsg: the frames one block holds at most. A block with fewer means the kernel's queue ran empty, so the
    /// caller waits for poll(2) before asking again. Ring: 0 — a block is whatever the kernel handed over, and
    /// looking for the next one costs a memory read, not a system call.
    /// </summary>
    int BatchSize { get; }

    /// <summary>
    /// The next block of received frames if there is one, taken without waiting. Read its frames, send what is to be
    /// sent, then <see cref="ReleaseBlock"/>: until then the frames' memory is the caller's.
    /// </summary>
    bool TryGetBlock(out RxBlock block);

    /// <summary>Gives the current block back (ring: to the kernel; recvmmsg: its buffers to the next receive).</summary>
    void ReleaseBlock();

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> until a block can be taken; false on timeout or interruption. For
    /// callers outside the forwarder loop, which polls all its sockets at once.
    /// </summary>
    bool WaitForBlock(int timeoutMs);

    /// <summary>Frames lost to receive errors since the last call (the socket adds the kernel's own drops).</summary>
    long TakeFailures();
}
