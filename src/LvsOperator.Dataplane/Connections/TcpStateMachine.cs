using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Connections;

/// <summary>
/// IPVS's NAT TCP state table (tcp_states in ip_vs_proto_tcp.c): input = client -> real server, output = real server
/// -> client. The event is the first of RST, SYN, FIN, ACK present in the segment; a segment with none changes nothing.
/// The NONE column is where a connection picked up mid-flow starts (its first segment was not a SYN): an ACK either
/// way makes it ESTABLISHED, a FIN CLOSE (client) or TIME_WAIT (server), as ipvs with sloppy_tcp.
/// </summary>
internal static class TcpStateMachine
{
    // The table works on the raw flags byte the connection table is handed; the bits are the packet layer's.
    public const byte Fin = (byte)TcpFlags.Fin;
    public const byte Syn = (byte)TcpFlags.Syn;
    public const byte Rst = (byte)TcpFlags.Rst;
    public const byte Ack = (byte)TcpFlags.Ack;

    private const TcpConnectionState NO = TcpConnectionState.None;
    private const TcpConnectionState ES = TcpConnectionState.Established;
    private const TcpConnectionState SS = TcpConnectionState.SynSent;
    private const TcpConnectionState SR = TcpConnectionState.SynRecv;
    private const TcpConnectionState FW = TcpConnectionState.FinWait;
    private const TcpConnectionState TW = TcpConnectionState.TimeWait;
    private const TcpConnectionState CL = TcpConnectionState.Close;
    private const TcpConnectionState CW = TcpConnectionState.CloseWait;
    private const TcpConnectionState LA = TcpConnectionState.LastAck;
    private const TcpConnectionState LI = TcpConnectionState.Listen;

    // [direction * 4 + event][current state]; columns: NO ES SS SR FW TW CL CW LA LI SA.
    private static readonly TcpConnectionState[][] Table =
    [
        // input
        /* syn */ [SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR],
        /* fin */ [CL, CW, SS, TW, TW, TW, CL, CW, LA, LI, TW],
        /* ack */ [ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES],
        /* rst */ [CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, SR],

        // output
        /* syn */ [SS, ES, SS, SR, SS, SS, SS, SS, SS, LI, SR],
        /* fin */ [TW, FW, SS, TW, FW, TW, CL, TW, LA, LI, TW],
        /* ack */ [ES, ES, SS, ES, FW, TW, CL, CW, LA, ES, ES],
        /* rst */ [CL, CL, SS, CL, CL, TW, CL, CL, CL, CL, CL],
    ];

    public static TcpConnectionState Next(TcpConnectionState current, bool fromClient, byte flags)
    {
        int tcpEvent = (flags & Rst) != 0 ? 3 : (flags & Syn) != 0 ? 0 : (flags & Fin) != 0 ? 1 : (flags & Ack) != 0 ? 2 : -1;
        return tcpEvent < 0 ? current : Table[(fromClient ? 0 : 4) + tcpEvent][(int)current];
    }

    /// <summary>A bare SYN: the client opening a connection.</summary>
    public static bool IsInitialSyn(byte flags) => (flags & (Syn | Ack | Rst)) == Syn;
}
