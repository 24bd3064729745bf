using System.Net;

namespace LvsOperator.Sandbox.Network;

/// <summary>A real server's namespace: <paramref name="Name"/> is what its server answers with (rs1, rs2, ...).</summary>
public sealed record RealServerNode(string Name, string Namespace, IPAddress Address);
