namespace LvsOperator.Dataplane.Sockets;

/// <summary>How a <see cref="PacketSocket"/> receives frames.</summary>
public enum ReceiveMode
{
    /// <summary>
    /// recvmmsg(2) into preallocated buffers after poll(): the loop wakes for every packet and takes up to a batch per
    /// system call under load. Lowest latency (see Sockets/README.md for the measurements).
    /// </summary>
    Recvmmsg,

    /// <summary>
    /// A memory-mapped TPACKET_V3 ring: no copy and no system call per frame, but the kernel hands a block over only
    /// when it is full or its retire timer fires (jiffies: ~4 ms at HZ=250), so a lone packet waits that long.
    /// </summary>
    Ring,
}
