using System.Net;

namespace LvsOperator.Sandbox.Network;

/// <summary>The fixed addressing plan (198.18.0.0/15 only). Names are unique per topology; addresses need not be, each topology lives in its own namespaces.</summary>
public static class TopologyAddresses
{
    public static readonly IPAddress Client = IPAddress.Parse("198.18.0.2");
    public static readonly IPAddress DirectorExternal = IPAddress.Parse("198.18.0.1");

    /// <summary>Not a kernel address of the director in agent mode: the agent answers ARP for it.</summary>
    public static readonly IPAddress Vip = IPAddress.Parse("198.18.0.100");

    public static readonly IPAddress DirectorInternal = IPAddress.Parse("198.18.1.1");
    public static readonly IPAddress DirectorToRouter = IPAddress.Parse("198.18.2.1");
    public static readonly IPAddress RouterUplink = IPAddress.Parse("198.18.2.2");
    public static readonly IPAddress RouterDownlink = IPAddress.Parse("198.18.1.254");

    /// <summary>Extra client addresses (198.18.0.10 + i) for tests that need several clients.</summary>
    public static IPAddress ExtraClient(int index) => IPAddress.Parse($"198.18.0.{10 + index}");

    /// <summary>Real server <paramref name="index"/> (1-based): 198.18.1.11, .12, ...</summary>
    public static IPAddress RealServer(int index) => IPAddress.Parse($"198.18.1.{10 + index}");
}
