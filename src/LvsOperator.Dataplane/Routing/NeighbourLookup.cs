namespace LvsOperator.Dataplane.Routing;

/// <summary>Outcome of one route + neighbour lookup for a destination.</summary>
internal enum NeighbourLookup : byte
{
    Resolved,
    NoRoute,

    /// <summary>Route known, neighbour MAC not (yet): the kernel has been asked to resolve it.</summary>
    Pending,
}
