namespace LvsOperator.Agent.Kubernetes;

/// <summary>What this agent says about one VirtualService in its <c>status.directors[]</c> entry.</summary>
/// <param name="ProgrammedRevision">The status.backendsRevision in the forwarder (null when nothing was programmed).</param>
/// <param name="Generation">The metadata.generation programmed (or refused): the Programmed condition's observedGeneration.</param>
internal sealed record DirectorReport(bool HoldsVip, string? ProgrammedRevision, bool Programmed, string Reason, string Message, long? Generation);
