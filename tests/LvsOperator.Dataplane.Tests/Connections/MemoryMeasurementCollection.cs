namespace LvsOperator.Dataplane.Tests.Connections;

/// <summary>GC.GetTotalMemory is process-wide: tests that measure it run with no other test alongside.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "Memory measurement";
}
