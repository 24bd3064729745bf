namespace LvsOperator.Sandbox.Network;

public sealed record TopologyOptions
{
    public int RealServerCount { get; init; } = 3;

    /// <summary>
    /// When set, this real server (1-based) sits behind a router namespace whose link toward the real server has
    /// <see cref="NarrowMtu"/>; the real server still advertises a 1,460-byte MSS, so a client's full-size
    /// segments with DF make the router send ICMP frag-needed back through the director.
    /// </summary>
    public int? RealServerBehindRouter { get; init; }

    public int NarrowMtu { get; init; } = 1000;

    /// <summary>Extra addresses on the client's interface (198.18.0.10 + i) for multi-client tests.</summary>
    public int ExtraClientAddresses { get; init; }
}
