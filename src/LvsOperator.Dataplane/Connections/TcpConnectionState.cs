namespace LvsOperator.Dataplane.Connections;

/// <summary>IPVS's TCP connection states (ip_vs_proto_tcp.c), in its order. Non-TCP connections stay in <see cref="None"/>.</summary>
public enum TcpConnectionState : byte
{
    None,
    Established,
    SynSent,
    SynRecv,
    FinWait,
    TimeWait,
    Close,
    CloseWait,
    LastAck,
    Listen,
    SynAck,
}
