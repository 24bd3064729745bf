using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Connections;

/// <summary>
/// One row of <c>/v1/connections</c> and <c>lvsctl conns</c> (ipvsadm -Lc), copied out of the table by a
/// <see cref="ConnectionSnapshotCursor"/> on the forwarder thread. A plain value, so filling the cursor's pooled buffer
/// allocates nothing: the state stays the enum, and its IPVS name (<see cref="StateName"/>) is looked up by whoever
/// writes the row, off that thread.
/// </summary>
public readonly record struct ConnectionSnapshot(
    IpProtocol Protocol,
    TcpConnectionState State,
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
    long BytesOut)
{
    /// <summary>The IPVS state name for TCP ("ESTABLISHED", "TIME_WAIT", ...), "UDP" or "ICMP" otherwise.</summary>
    public string StateName => Protocol switch
    {
        IpProtocol.Tcp => State switch
        {
            TcpConnectionState.Established => "ESTABLISHED",
            TcpConnectionState.SynSent => "SYN_SENT",
            TcpConnectionState.SynRecv => "SYN_RECV",
            TcpConnectionState.FinWait => "FIN_WAIT",
            TcpConnectionState.TimeWait => "TIME_WAIT",
            TcpConnectionState.Close => "CLOSE",
            TcpConnectionState.CloseWait => "CLOSE_WAIT",
            TcpConnectionState.LastAck => "LAST_ACK",
            TcpConnectionState.Listen => "LISTEN",
            TcpConnectionState.SynAck => "SYNACK",
            _ => "NONE",
        },
        IpProtocol.Udp => "UDP",
        _ => "ICMP",
    };
}
