using LvsOperator.Dataplane.Connections;

namespace LvsOperator.Dataplane.Tests.Connections;

public sealed class TcpStateMachineTests
{
    private const byte Fin = 0x01, Syn = 0x02, Rst = 0x04, Ack = 0x10;

    [Theory]
    [InlineData(TcpConnectionState.Established, true, Rst, TcpConnectionState.Close)]
    [InlineData(TcpConnectionState.Established, false, Fin, TcpConnectionState.FinWait)]
    [InlineData(TcpConnectionState.FinWait, true, Ack, TcpConnectionState.FinWait)]
    [InlineData(TcpConnectionState.FinWait, true, Fin, TcpConnectionState.TimeWait)]
    [InlineData(TcpConnectionState.CloseWait, false, Fin, TcpConnectionState.TimeWait)]
    [InlineData(TcpConnectionState.SynRecv, true, Rst, TcpConnectionState.SynRecv)]
    [InlineData(TcpConnectionState.SynRecv, false, Rst, TcpConnectionState.Close)]
    [InlineData(TcpConnectionState.LastAck, true, Ack, TcpConnectionState.Close)]
    [InlineData(TcpConnectionState.TimeWait, true, Syn, TcpConnectionState.SynRecv)]
    [InlineData(TcpConnectionState.Established, true, 0, TcpConnectionState.Established)]
    [InlineData(TcpConnectionState.None, true, Ack, TcpConnectionState.Established)] // picked up mid-flow
    [InlineData(TcpConnectionState.None, false, Ack, TcpConnectionState.Established)]
    [InlineData(TcpConnectionState.None, true, Fin | Ack, TcpConnectionState.Close)]
    [InlineData(TcpConnectionState.None, false, Fin | Ack, TcpConnectionState.TimeWait)]
    public void State_table_matches_ipvs(TcpConnectionState from, bool fromClient, byte flags, TcpConnectionState expected)
    {
        Assert.Equal(expected, TcpStateMachine.Next(from, fromClient, flags));
    }

    [Theory]
    [InlineData(Syn, true)]
    [InlineData(Syn | Ack, false)]
    [InlineData(Syn | Rst, false)]
    [InlineData(Ack, false)]
    public void Only_a_bare_syn_opens_a_connection(byte flags, bool expected)
    {
        Assert.Equal(expected, TcpStateMachine.IsInitialSyn(flags));
    }
}
