using System.Net;
using System.Net.Sockets;
using System.Text;
using LvsOperator.Sandbox.Network;

namespace LvsOperator.Sandbox.Workloads.Echo;

/// <summary>
/// The example app every sandbox deploys (Service echo), run in-process for one pod: its sockets are created inside
/// the pod's network namespace, so the peer address it reports is what the pod really sees (through an LVS-NAT
/// director: the client's own address). Resources are bounded: at most <see cref="MaxConnections"/> connections per
/// port (further ones wait in the backlog), fixed buffers, and an idle limit on every connection. Disposing closes
/// the listeners and every open connection.
/// </summary>
public sealed class EchoServer : IAsyncDisposable
{
    public const int MaxConnections = 512;

    /// <summary>How long a connection may stay silent before the server drops it.</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _stopping = new();
    private readonly string _podName;
    private readonly Socket _http;
    private readonly Socket _udp;
    private readonly Socket _stream;
    private readonly Task[] _loops;
    private long _connections;

    private EchoServer(string podName, Socket http, Socket udp, Socket stream)
    {
        _podName = podName;
        _http = http;
        _udp = udp;
        _stream = stream;
        _loops =
        [
            Task.Run(() => AcceptLoopAsync(_http, ServeLineAsync)),
            Task.Run(UdpLoopAsync),
            Task.Run(() => AcceptLoopAsync(_stream, ServeStreamAsync)),
        ];
    }

    /// <summary>Connections accepted so far on both TCP ports.</summary>
    public long ConnectionsAccepted => Interlocked.Read(ref _connections);

    /// <summary>Binds the three ports inside <paramref name="networkNamespace"/> and starts serving.</summary>
    public static EchoServer Start(string podName, string networkNamespace)
    {
        var (http, udp, stream) = NetworkNamespace.Run(networkNamespace, () =>
        {
            var sockets = new List<Socket>();
            try
            {
                var tcp = Listen(EchoPorts.Http, sockets);
                var dgram = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                sockets.Add(dgram);
                dgram.Bind(new IPEndPoint(IPAddress.Any, EchoPorts.Udp));
                return (tcp, dgram, Listen(EchoPorts.Stream, sockets));
            }
            catch
            {
                sockets.ForEach(s => s.Dispose());
                throw;
            }
        });
        return new EchoServer(podName, http, udp, stream);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _http.Dispose();
        _udp.Dispose();
        _stream.Dispose();
        await Task.WhenAll(_loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private static Socket Listen(int port, List<Socket> opened)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        opened.Add(socket);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Any, port));
        socket.Listen(1024);
        return socket;
    }

    private async Task AcceptLoopAsync(Socket listener, Func<Socket, CancellationToken, Task> serve)
    {
        using var slots = new SemaphoreSlim(MaxConnections);
        var open = new List<Task>();
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                await slots.WaitAsync(_stopping.Token);
                Socket connection;
                try
                {
                    connection = await listener.AcceptAsync(_stopping.Token);
                }
                catch
                {
                    slots.Release();
                    throw;
                }

                Interlocked.Increment(ref _connections);
                open.RemoveAll(t => t.IsCompleted);
                open.Add(Task.Run(async () =>
                {
                    try
                    {
                        using (connection)
                        {
                            await serve(connection, _stopping.Token);
                        }
                    }
                    finally
                    {
                        slots.Release();
                    }
                }));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping: the listener is closed.
        }

        // Every connection sees the stop token; wait for them so none outlives the pod.
        await Task.WhenAll(open).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Port 8080: the identity line, then an orderly close (reading what the client sent, so no RST eats the line).</summary>
    private async Task ServeLineAsync(Socket connection, CancellationToken stopping)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        idle.CancelAfter(IdleLimit);
        try
        {
            await connection.SendAsync(Encoding.ASCII.GetBytes($"{Identity(connection.RemoteEndPoint)}\n"), SocketFlags.None, idle.Token);
            connection.Shutdown(SocketShutdown.Send);
            var sink = new byte[4096];
            while (await connection.ReceiveAsync(sink, SocketFlags.None, idle.Token) > 0)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client went away, was silent too long, or the pod stops.
        }
    }

    /// <summary>Port 8082: everything back, until the client closes or stays silent for <see cref="IdleLimit"/>.</summary>
    private static async Task ServeStreamAsync(Socket connection, CancellationToken stopping)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                idle.CancelAfter(IdleLimit);
                var read = await connection.ReceiveAsync(buffer, SocketFlags.None, idle.Token);
                if (read == 0)
                {
                    connection.Shutdown(SocketShutdown.Send);
                    return;
                }

                await connection.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, idle.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // As above.
        }
    }

    /// <summary>Port 8081: each datagram back with the identity prefixed (cut to the largest UDP payload).</summary>
    private async Task UdpLoopAsync()
    {
        const int MaxPayload = 65507;
        var buffer = new byte[MaxPayload];
        var reply = new byte[MaxPayload];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, _stopping.Token);
                var prefix = Encoding.ASCII.GetBytes($"{Identity(received.RemoteEndPoint)} ");
                var length = Math.Min(MaxPayload, prefix.Length + received.ReceivedBytes);
                prefix.CopyTo(reply, 0);
                buffer.AsSpan(0, length - prefix.Length).CopyTo(reply.AsSpan(prefix.Length));
                await _udp.SendToAsync(reply.AsMemory(0, length), SocketFlags.None, received.RemoteEndPoint, _stopping.Token);
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

    private string Identity(EndPoint? peer) => $"{_podName} {(peer as IPEndPoint)?.Address}";
}
