namespace LvsOperator.Dataplane.Routing;

/// <summary>An IPv4 address configured on an interface, host byte order, with its prefix length.</summary>
public readonly record struct InterfaceAddress(uint Address, int PrefixLength);
