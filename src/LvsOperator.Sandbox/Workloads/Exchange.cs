using System.Net;

namespace LvsOperator.Sandbox.Workloads;

/// <summary>One request through the VIP as the client saw it.</summary>
public sealed record Exchange(ServedBy ServedBy, IPEndPoint Local, IPEndPoint Remote);
