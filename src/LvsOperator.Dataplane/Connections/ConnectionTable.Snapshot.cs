using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Connections;

/// <summary>The control-path view of the table for /v1/connections and <c>lvsctl conns</c>.</summary>
public sealed partial class ConnectionTable
{
    /// <summary>All live connections (control path; allocates). Run on the forwarder thread.</summary>
    public IReadOnlyList<ConnectionSnapshot> Snapshot()
    {
        long now = _timeProvider.GetTimestamp();
        var result = new List<ConnectionSnapshot>(_count);
        for (int i = 0; i < _entries.Length; i++)
        {
            ref readonly var e = ref _entries[i];
            if (!e.IsLive || now >= e.ExpiresAt)
            {
                continue;
            }

            result.Add(new ConnectionSnapshot(
                e.ProtocolValue,
                StateName(in e),
                _timeProvider.GetElapsedTime(now, e.ExpiresAt),
                e.ClientAddressValue,
                e.ClientPortValue,
                e.VirtualAddressValue,
                e.VirtualPortValue,
                e.RealAddressValue,
                e.RealPortValue,
                e.PacketsInValue,
                e.PacketsOutValue,
                e.BytesInValue,
                e.BytesOutValue));
        }

        return result;
    }

    private static string StateName(in Connection entry) => entry.ProtocolValue switch
    {
        IpProtocol.Tcp => entry.StateValue switch
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
