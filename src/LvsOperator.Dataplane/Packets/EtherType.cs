namespace LvsOperator.Dataplane.Packets;

/// <summary>The EtherType values the director looks at (IEEE registry, host order of the big-endian wire value).</summary>
public static class EtherType
{
    public const ushort Ipv4 = 0x0800;
    public const ushort Arp = 0x0806;
    public const ushort Vlan = 0x8100;
}
