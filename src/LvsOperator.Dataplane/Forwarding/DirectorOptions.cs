using LvsOperator.Dataplane.Connections;

namespace LvsOperator.Dataplane.Forwarding;

public sealed class DirectorOptions
{
    /// <summary>Most connections tracked at once; a full table refuses new connections (counted as ConnectionTableFull).</summary>
    public int ConnectionCapacity { get; set; } = 262_144;

    /// <summary>Most persistence templates per virtual service.</summary>
    public int PersistenceCapacity { get; set; } = 65_536;

    public ConnectionTimeouts Timeouts { get; set; } = new();
}
