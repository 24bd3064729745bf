namespace LvsOperator.Sandbox.Directors;

/// <summary>A static real server of a VirtualService (spec.backends[]).</summary>
public sealed record BackendDefinition(string Ip, int Port, int Weight = 1);
