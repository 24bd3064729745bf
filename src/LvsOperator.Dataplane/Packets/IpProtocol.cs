namespace LvsOperator.Dataplane.Packets;

/// <summary>IANA protocol numbers carried in the IPv4 protocol field that the director cares about.</summary>
public enum IpProtocol : byte
{
    Icmp = 1,
    Tcp = 6,
    Udp = 17,
}
