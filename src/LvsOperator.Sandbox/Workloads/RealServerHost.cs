using System.Net;
using System.Net.Sockets;
using System.Text;
using LvsOperator.Sandbox.Network;

namespace LvsOperator.Sandbox.Workloads;

/// <summary>
/// The server every real server runs, in-process: its sockets are created inside the real server's namespace and
/// served on background tasks, so there is no process to leak. Every answer names the real server and the peer
/// address it saw ("rs1 198.18.0.2:41234"). TCP port <see cref="TcpPort"/> speaks <see cref="RealServerProtocol"/>;
/// UDP port <see cref="UdpPort"/> answers each datagram.
/// </summary>
public sealed class RealServerHost : IAsyncDisposable
{
    public const int TcpPort = 8080;
    public const int UdpPort = 5353;

    private readonly CancellationTokenSource _stopping = new();
    private readonly Socket _listener;
    private readonly Socket _udp;
    private readonly Task _acceptLoop;
    private readonly Task _udpLoop;
    private int _accepted;

    private RealServerHost(string name, Socket listener, Socket udp)
    {
        Name = name;
        _listener = listener;
        _udp = udp;
        _acceptLoop = Task.Run(AcceptLoopAsync);
        _udpLoop = Task.Run(UdpLoopAsync);
    }

    public string Name { get; }

    public int ConnectionsAccepted => Volatile.Read(ref _accepted);

    public static RealServerHost Start(string name, string networkNamespace)
    {
        var (listener, udp) = NetworkNamespace.Run(networkNamespace, () =>
        {
            var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            tcp.Bind(new IPEndPoint(IPAddress.Any, TcpPort));
            tcp.Listen(4096);
            var dgram = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            dgram.Bind(new IPEndPoint(IPAddress.Any, UdpPort));
            return (tcp, dgram);
        });
        return new RealServerHost(name, listener, udp);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        _udp.Dispose();
        await Task.WhenAll(_acceptLoop, _udpLoop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _ = Task.Run(() => new RealServerProtocol(Name, connection).ServeAsync(_stopping.Token));
        }
    }

    private async Task UdpLoopAsync()
    {
        var buffer = new byte[2048];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, _stopping.Token);
                var reply = Encoding.ASCII.GetBytes($"{Name} {received.RemoteEndPoint}\n");
                await _udp.SendToAsync(reply, SocketFlags.None, received.RemoteEndPoint, _stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP errors from an earlier reply surface here; keep serving.
            }
        }
    }
}
