using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Routing;

/// <summary>A network interface of the director as rtnetlink reports it: Ethernet address, MTU and IPv4 addresses.</summary>
public sealed record DirectorInterface(int Index, string Name, MacAddress Mac, int Mtu, bool IsUp, bool IsEthernet, IReadOnlyList<InterfaceAddress> Addresses);
