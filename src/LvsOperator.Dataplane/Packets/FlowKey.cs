
namespace LvsOperator.Dataplane.Packets;

/// <summary>
/// One direction of a flow as seen on the wire. Addresses are IPv4 in host order of the big-endian wire
/// value (what <c>BinaryPrimitives.ReadUInt32BigEndian</c> returns), so 198.18.0.1 is 0xC6120001.
/// For ICMP echo the identifier stands in both port fields.
/// </summary>
public readonly record struct FlowKey(
    IpProtocol Protocol,
    uint SourceAddress,
    ushort SourcePort,
    uint DestinationAddress,
    ushort DestinationPort)
{
    public override string ToString() =>
        $"{Protocol} {Ipv4Format.ToString(SourceAddress)}:{SourcePort} -> {Ipv4Format.ToString(DestinationAddress)}:{DestinationPort}";
}
