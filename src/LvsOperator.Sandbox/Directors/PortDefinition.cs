namespace LvsOperator.Sandbox.Directors;

/// <summary>spec.ports[]: the VIP port a VirtualService listens on. Protocol is TCP or UDP.</summary>
public sealed record PortDefinition(string Name, int Port, string Protocol = "TCP");
