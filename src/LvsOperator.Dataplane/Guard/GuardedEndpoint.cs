using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Guard;

/// <summary>A (protocol, IPv4 address, port) the kernel must leave to the forwarder: a VIP:port or a real server's RIP:rport.</summary>
public readonly record struct GuardedEndpoint(IpProtocol Protocol, uint Address, ushort Port);
