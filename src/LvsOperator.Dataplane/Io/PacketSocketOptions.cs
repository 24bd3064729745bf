namespace LvsOperator.Dataplane.Io;

/// <summary>Geometry and behaviour of a <see cref="PacketSocket"/>'s TPACKET_V3 receive ring.</summary>
public sealed class PacketSocketOptions
{
    /// <summary>
    /// Bytes per ring block, a multiple of the page size. A frame never spans blocks, so this must hold a whole
    /// 64 KiB GSO super-frame plus headers, or the kernel truncates it (counted as <c>FrameTooLarge</c>).
    /// </summary>
    public int BlockSize { get; set; } = 1 << 20;

    public int BlockCount { get; set; } = 8;

    /// <summary>
    /// How long the kernel keeps a partly filled block before handing it over. It bounds the latency a lone packet
    /// sees (the kernel rounds it to jiffies), so it is small.
    /// </summary>
    public int BlockRetireTimeoutMs { get; set; } = 1;

    /// <summary>
    /// Receive and send a struct virtio_net_hdr with every frame, so GSO super-frames and partial checksums are
    /// forwarded whole and finished by the kernel for the egress device.
    /// </summary>
    public bool VnetHeader { get; set; } = true;

    /// <summary>Do not show this socket the frames the host itself transmits on the interface.</summary>
    public bool IgnoreOutgoing { get; set; } = true;

    /// <summary>Socket send buffer; large so a batch of 64 KiB GSO frames does not block the loop.</summary>
    public int SendBufferBytes { get; set; } = 4 << 20;
}
