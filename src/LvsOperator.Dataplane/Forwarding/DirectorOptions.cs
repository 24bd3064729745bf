using LvsOperator.Dataplane.Connections;

namespace LvsOperator.Dataplane.Forwarding;

public sealed class DirectorOptions
{
    /// <summary>The product's default (the agent's too): ~128 B per entry (connection plus both hash indexes), about 128 MiB.</summary>
    public const int DefaultConnectionCapacity = 1 << 20;

    /// <summary>Most connections tracked at once; a full table refuses new connections (counted as ConnectionTableFull).</summary>
    public int ConnectionCapacity { get; set; } = DefaultConnectionCapacity;

    /// <summary>Most persistence templates per virtual service.</summary>
    public int PersistenceCapacity { get; set; } = 65_536;

    public ConnectionTimeouts Timeouts { get; set; } = new();
}
