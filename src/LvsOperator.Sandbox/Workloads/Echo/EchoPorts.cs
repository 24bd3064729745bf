namespace LvsOperator.Sandbox.Workloads.Echo;

/// <summary>The echo app's ports, as its pods declare them (containerPorts) and Service echo exposes them.</summary>
public static class EchoPorts
{
    /// <summary>TCP: one line "POD CLIENT-ADDRESS", then close.</summary>
    public const int Http = 8080;

    /// <summary>UDP: every datagram back, prefixed with "POD CLIENT-ADDRESS ".</summary>
    public const int Udp = 8081;

    /// <summary>TCP: every byte back until the client closes, for long transfers through a VIP (failover tests).</summary>
    public const int Stream = 8082;

    public const string HttpName = "http";

    public const string UdpName = "udp";

    public const string StreamName = "stream";
}
