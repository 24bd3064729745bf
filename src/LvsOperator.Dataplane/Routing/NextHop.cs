using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Routing;

/// <summary>Where a frame toward some IPv4 destination leaves the director: interface, its MAC and MTU, and the neighbour's MAC.</summary>
public readonly record struct NextHop(int InterfaceIndex, MacAddress SourceMac, MacAddress DestinationMac, int Mtu);
