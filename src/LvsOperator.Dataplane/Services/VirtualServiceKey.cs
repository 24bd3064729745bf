using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Services;

/// <summary>What identifies a virtual service, as in <c>ipvsadm -t VIP:port</c>: protocol, VIP and port.</summary>
public readonly record struct VirtualServiceKey(IpProtocol Protocol, uint Vip, ushort Port)
{
    public override string ToString() => $"{Protocol} {Ipv4Format.ToString(Vip)}:{Port}";
}
