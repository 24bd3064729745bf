using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Forwarding;

/// <summary>
/// A TCP or UDP packet as <see cref="PacketProcessor"/> works on it, parsed once: the frame it is rewritten in, its
/// IPv4 header, its flow, its TCP flags, its length on the wire, where it came in and what the socket layer said
/// about it. A ref struct over the receive buffer, handed down by reference: it lives while one frame is processed
/// and allocates nothing. Fields rather than properties, filled from values rather than <c>in</c> copies: callees
/// read <see cref="Flow"/> and <see cref="Ip"/> in place, and the JIT keeps the struct as cheap as the eight
/// parameters it replaced (with properties and copies the whole decision took ~25 % longer in
/// PacketProcessorBenchmarks).
/// </summary>
internal readonly ref struct PacketContext
{
    /// <summary>The whole Ethernet frame, rewritten in place.</summary>
    public readonly Span<byte> Frame;

    public readonly Ipv4Header Ip;

    /// <summary>The packet's own direction: client → VIP for a client's packet, RIP → client for a real server's reply.</summary>
    public readonly FlowKey Flow;

    /// <summary>The TCP flags byte; 0 for UDP.</summary>
    public readonly byte TcpFlags;

    /// <summary>
    /// What is compared with the egress MTU: the IPv4 total length, or for a GSO super-frame the length of each of
    /// the segments the kernel will cut it into.
    /// </summary>
    public readonly int WireLength;

    public readonly int IngressInterfaceIndex;

    public readonly PacketMetadata Metadata;

    public PacketContext(
        Span<byte> frame, Ipv4Header ip, FlowKey flow, byte tcpFlags, int wireLength, int ingressInterfaceIndex, PacketMetadata metadata)
    {
        Frame = frame;
        Ip = ip;
        Flow = flow;
        TcpFlags = tcpFlags;
        WireLength = wireLength;
        IngressInterfaceIndex = ingressInterfaceIndex;
        Metadata = metadata;
    }
}
