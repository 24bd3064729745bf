namespace LvsOperator.Dataplane.Connections;

/// <summary>How long an idle connection is kept, per protocol and TCP state. Defaults are IPVS's (ipvsadm --timeout et al.).</summary>
public sealed record ConnectionTimeouts
{
    public TimeSpan TcpNone { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan TcpEstablished { get; init; } = TimeSpan.FromSeconds(900);

    public TimeSpan TcpSynSent { get; init; } = TimeSpan.FromSeconds(120);

    public TimeSpan TcpSynRecv { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan TcpFinWait { get; init; } = TimeSpan.FromSeconds(120);

    public TimeSpan TcpTimeWait { get; init; } = TimeSpan.FromSeconds(120);

    public TimeSpan TcpClose { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan TcpCloseWait { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan TcpLastAck { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan TcpListen { get; init; } = TimeSpan.FromSeconds(120);

    public TimeSpan TcpSynAck { get; init; } = TimeSpan.FromSeconds(120);

    public TimeSpan Udp { get; init; } = TimeSpan.FromSeconds(300);

    public TimeSpan Icmp { get; init; } = TimeSpan.FromSeconds(60);

    public static ConnectionTimeouts Default { get; } = new();

    public TimeSpan For(TcpConnectionState state) => state switch
    {
        TcpConnectionState.Established => TcpEstablished,
        TcpConnectionState.SynSent => TcpSynSent,
        TcpConnectionState.SynRecv => TcpSynRecv,
        TcpConnectionState.FinWait => TcpFinWait,
        TcpConnectionState.TimeWait => TcpTimeWait,
        TcpConnectionState.Close => TcpClose,
        TcpConnectionState.CloseWait => TcpCloseWait,
        TcpConnectionState.LastAck => TcpLastAck,
        TcpConnectionState.Listen => TcpListen,
        TcpConnectionState.SynAck => TcpSynAck,
        _ => TcpNone,
    };
}
