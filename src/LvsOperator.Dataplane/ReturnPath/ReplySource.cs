using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.ReturnPath;

/// <summary>A real server on this node, RIP:rport, whose replies to clients go back through another node's director.</summary>
public readonly record struct ReplySource(IpProtocol Protocol, uint Address, ushort Port);
