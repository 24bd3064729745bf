namespace LvsOperator.Dataplane.Sockets;

/// <summary>How a <see cref="PacketSocket"/> receives (recvmmsg or a TPACKET_V3 ring, and their geometry) and sends.</summary>
public sealed class PacketSocketOptions
{
    /// <summary>recvmmsg wakes per packet and batches under load; the ring waits for a block (see <see cref="Sockets.ReceiveMode"/>).</summary>
    public ReceiveMode ReceiveMode { get; set; } = ReceiveMode.Recvmmsg;

    /// <summary>
    /// Ring: bytes per block, a multiple of the page size. A frame never spans blocks, so this must hold a whole
    /// 64 KiB GSO super-frame plus headers, or the kernel truncates it (counted as <c>FrameTooLarge</c>).
    /// </summary>
    public int BlockSize { get; set; } = 1 << 20;

    /// <summary>Ring: number of blocks.</summary>
    public int BlockCount { get; set; } = 8;

    /// <summary>
    /// Ring: how long the kernel keeps a partly filled block before handing it over. It bounds the latency a lone
    /// packet sees (the kernel rounds it up to jiffies: 4 ms at HZ=250), so it is small.
    /// </summary>
    public int BlockRetireTimeoutMs { get; set; } = 1;

    /// <summary>Recvmmsg: frames taken per system call at most (receive buffers per socket).</summary>
    public int ReceiveBatchSize { get; set; } = 64;

    /// <summary>
    /// Recvmmsg: the largest frame kept whole. A GSO super-frame is up to 64 KiB of IP packet plus its Ethernet
    /// header; a larger frame is truncated and counted as <c>FrameTooLarge</c>.
    /// </summary>
    public int MaxFrameBytes { get; set; } = (64 << 10) + 512;

    /// <summary>
    /// Recvmmsg: the socket's receive queue (SO_RCVBUF, forced). It plays the ring's part: the default (~208 KiB)
    /// holds only a few 64 KiB super-frames, and what does not fit is dropped (counted in the ring drops).
    /// </summary>
    public int ReceiveBufferBytes { get; set; } = 8 << 20;

    /// <summary>
    /// Receive and send a struct virtio_net_hdr with every frame, so GSO super-frames and partial checksums are
    /// forwarded whole and finished by the kernel for the egress device. Required by <see cref="ReceiveMode.Recvmmsg"/>,
    /// which has no other way to learn that a checksum is partial.
    /// </summary>
    public bool VnetHeader { get; set; } = true;

    /// <summary>Do not show this socket the frames the host itself transmits on the interface.</summary>
    public bool IgnoreOutgoing { get; set; } = true;

    /// <summary>Socket send buffer; large so a batch of 64 KiB GSO frames does not block the loop.</summary>
    public int SendBufferBytes { get; set; } = 4 << 20;
}
