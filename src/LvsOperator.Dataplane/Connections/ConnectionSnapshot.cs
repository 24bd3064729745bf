using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Connections;

/// <summary>
/// One row of <c>/v1/connections</c> and <c>lvsctl conns</c> (ipvsadm -Lc). <see cref="State"/> is the IPVS state name
/// for TCP ("ESTABLISHED", "TIME_WAIT", ...) and "UDP" or "ICMP" otherwise.
/// </summary>
public sealed record ConnectionSnapshot(
    IpProtocol Protocol,
    string State,
    TimeSpan ExpiresIn,
    uint ClientAddress,
    ushort ClientPort,
    uint VirtualAddress,
    ushort VirtualPort,
    uint RealAddress,
    ushort RealPort,
    long PacketsIn,
    long PacketsOut,
    long BytesIn,
    long BytesOut);
