namespace LvsOperator.Dataplane.Services;

/// <summary>A desired real server; (Address, Port) is its identity, Weight 0 means draining.</summary>
public sealed record RealServerSpec(uint Address, ushort Port, int Weight);
