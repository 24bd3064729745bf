using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Sandbox.Workloads;

/// <summary>A long-lived TCP connection through the VIP that asks its real server "WHO" on demand.</summary>
public sealed class WhoSession : IDisposable
{
    private readonly Socket _socket;

    private WhoSession(Socket socket) => _socket = socket;

    public IPEndPoint Local => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Must run in the client namespace (see <see cref="Network.NetworkNamespace"/>).</summary>
    public static WhoSession Open(IPEndPoint vip, TimeSpan? timeout = null) => new(VipClient.Connect(vip, timeout: timeout));

    /// <summary>Asks once; says how the connection behaved instead of throwing.</summary>
    public WhoAnswer Ask(TimeSpan timeout)
    {
        _socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        try
        {
            _socket.Send("WHO\n"u8);
            var line = VipClient.ReadLine(_socket);
            return line.Length == 0 ? new WhoAnswer(WhoOutcome.Closed, null) : new WhoAnswer(WhoOutcome.Answered, ServedBy.Parse(line));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            return new WhoAnswer(WhoOutcome.TimedOut, null);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown)
        {
            return new WhoAnswer(WhoOutcome.Reset, null);
        }
    }

    public void Dispose() => _socket.Dispose();
}
